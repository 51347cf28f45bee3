// Per-record lookups or one listing: whichever costs fewer Campaign calls for this run.
export const LIST_PAGE = 1000;
/** Below this many expected writes a listing cannot pay for its count probe (≤ 2 calls) plus a page. */
export const MIN_PROBE = 50;

export interface KeyPlan {
  readonly choice: 'listing' | 'lookups';
  /** Calls the listing costs (its pages). */
  readonly listingCalls: number;
  /** Calls per-record lookups would cost (one per expected write), or null when unknown yet. */
  readonly lookupCalls: number | null;
  readonly why: string;
}

/**
 * `expected`: writes this run is known to make (rows already read, ledger size of a full re-read).
 * When it is unknown or small, lookups go on until they have cost as much as the listing would
 * (then the listing is at most twice the better choice, whatever the rest of the run holds).
 */
export function planKeys(records: number, expected: number, pageSize = LIST_PAGE): KeyPlan {
  const listingCalls = Math.max(1, Math.ceil(records / pageSize));
  if (expected > listingCalls)
    return {
      choice: 'listing',
      listingCalls,
      lookupCalls: expected,
      why: `${expected} writes need ${expected} lookups; listing ${records} records takes ${listingCalls} calls`,
    };
  return {
    choice: 'lookups',
    listingCalls,
    lookupCalls: expected,
    why: `${expected} writes expected so far; listing ${records} records would take ${listingCalls} calls: lookups until they cost as much`,
  };
}
