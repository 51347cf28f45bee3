// Optional worker leases: when the state store offers them (SQL adapters), a flow runs on one worker at a
// time. The holder renews on a timer, never takes back a lease whose fence moved, and stops issuing API
// writes once its lease could have expired (write deadline = last renewal + TTL - margin, monotonic clock).
import type { StateStore } from '../state/port.ts';
import { Held, type HeldLease, type LeasingStore } from './lease-held.ts';
import { deadOnThisHost, type LeaseSettings } from './lease-settings.ts';

export type { HeldLease } from './lease-held.ts';

export interface LeaseInfo {
  /** Worker id of the holder; null once released. */
  readonly holder: string | null;
  readonly fence: number;
  /** Epoch ms (the holder's clock). */
  readonly expiresAt: number;
}

function leasing(state: StateStore): LeasingStore | null {
  const s = state as Partial<LeasingStore>;
  return typeof s.acquireLease === 'function' &&
    typeof s.renewLease === 'function' &&
    typeof s.releaseLease === 'function' &&
    typeof s.leaseOf === 'function'
    ? (s as LeasingStore)
    : null;
}

/** The lease of a flow as stored, or null (never taken, or a store without leases). */
export async function leaseInfo(state: StateStore, flow: string): Promise<LeaseInfo | null> {
  const row = await leasing(state)?.leaseOf(flow);
  return row ? { holder: row.worker, fence: row.fence, expiresAt: row.expiresAt } : null;
}

export type LeaseTake = { readonly held: HeldLease } | { readonly busy: LeaseInfo | null };

const NO_LEASE: HeldLease = {
  signal: new AbortController().signal,
  guard: () => undefined,
  lost: async () => null,
  release: async () => {},
};

/** `busy` when another live worker holds the flow (with its lease, to know when to try again). */
export async function takeLease(
  state: StateStore,
  flow: string,
  worker: string,
  settings: LeaseSettings,
): Promise<LeaseTake> {
  const store = leasing(state);
  if (store === null) return { held: NO_LEASE };
  let t0 = performance.now(); // before the transaction: the stored expiry is no earlier than t0 + ttl
  let got = await store.acquireLease(flow, worker, settings.ttlMs);
  if (got === null) {
    const busy = await leaseInfo(state, flow);
    // A restarted worker on the same host takes over from its dead predecessor at once (new fence).
    if (busy?.holder == null || !deadOnThisHost(busy.holder)) return { busy };
    t0 = performance.now();
    got = await store.acquireLease(flow, worker, settings.ttlMs, busy.holder);
    if (got === null) return { busy };
  }
  return { held: new Held(store, flow, worker, got.fence, settings, t0) };
}
