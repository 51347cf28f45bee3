// Which failures belong to one record (dead-letter it, go on) and which stop the flow.
import { FerryError, HttpError, RecordError } from '../../core/errors.ts';

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

/** A 4xx other than auth/throttling is the record's fault (bad value, duplicate, ...), not the flow's. */
export function isRecordLevel(err: unknown): boolean {
  if (err instanceof RecordError) return true;
  if (err instanceof HttpError && err.status !== undefined) {
    return err.status >= 400 && err.status < 500 && ![401, 403, 408, 429].includes(err.status);
  }
  return false;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
