// Which failures belong to one record (dead-letter it, go on) and which stop the flow.
import { classify, FerryError, RecordError } from '../../core/errors.ts';

/** Reason prefix of children parked because their parent is not in Campaign yet (retried automatically). */
export const PARENT_MISSING = 'parent-missing';

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

/** The record's problem (dead-letter it, go on) or the flow's (stop it): decided by classify(). */
export const isRecordLevel = (err: unknown): boolean => classify(err).recordLevel;

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
