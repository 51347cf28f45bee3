// Which failures belong to one record (dead-letter it, go on) and which stop the flow.
import type { ErrorCode } from '../../core/errors.ts';
import { classify, FerryError, RecordError, scrub } from '../../core/errors.ts';
import type { RetryBackoff } from '../state/port.ts';
import type { FlowRunContext } from './context.ts';
import { isTransient, TRANSIENT_BACKOFF } from './outage.ts';

/** First wait of a parked child whose parent has not been written by ferry; doubles per attempt up to the cap. */
export const ORPHAN_BACKOFF: RetryBackoff = { baseMs: 60_000, capMs: 60 * 60_000 };

/** Reason prefix of children parked because their parent is not in Campaign yet (retried automatically). */
export const PARENT_MISSING = 'parent-missing';

/** The parent flow and id a parked child's reason names (the message format above, read back). */
export function parentOf(reason: string): { parentFlow: string; parentId: string } | null {
  const m = /^parent-missing: link \S+ needs (\S+) record (.+), not in Campaign yet$/.exec(reason);
  return m ? { parentFlow: m[1] ?? '', parentId: m[2] ?? '' } : null;
}

export class ParentMissingError extends RecordError {
  constructor(link: string, parentFlow: string, parentId: string) {
    super(
      'FERRY_PARENT_MISSING',
      `${PARENT_MISSING}: link ${link} needs ${parentFlow} record ${parentId}, not in Campaign yet`,
      {
        details: { link, parentFlow, parentId },
      },
    );
  }
}

export class CancelledError extends FerryError {
  constructor() {
    super('FERRY_CANCELLED', 'run cancelled');
  }
}

/**
 * The record's problem (dead-letter it, go on) or the flow's (stop it): decided by classify(), and, given the
 * run's context, a transient failure is the record's too until the outage budget is spent (then this throws).
 */
export const isRecordLevel = (err: unknown, ctx?: Pick<FlowRunContext, 'outage'>): boolean =>
  classify(err).recordLevel || (ctx?.outage?.absorb(err) ?? false);

/** How a dead letter is retried by itself: orphans wait for their parent, transient failures back off; else null. */
export function retryOf(err: unknown): RetryBackoff | undefined {
  if (err instanceof FerryError && err.code === 'FERRY_PARENT_MISSING') return ORPHAN_BACKOFF;
  return isTransient(err) ? TRANSIENT_BACKOFF : undefined;
}

/** An error's message for reports, logs and stored rows: scrubbed of every known secret whatever threw it. */
export function messageOf(err: unknown): string {
  return scrub(err instanceof Error ? err.message : String(err));
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** The stable code counts and logs show for a failure (never its message, which may quote record values). */
export const codeOf = (err: unknown): ErrorCode => (err instanceof FerryError ? err.code : 'FERRY_INTERNAL');

/**
 * One record went to the dead-letter queue: counted and logged under its stable code with the record id only;
 * its values and the server's text go to the dead-letter row alone (they may hold personal data).
 */
export function countDeadLetter(ctx: FlowRunContext, flow: string, id: string, code: ErrorCode): void {
  ctx.counts.deadLetter(code);
  ctx.log.info({ flow, id, code }, 'record dead-lettered');
}
