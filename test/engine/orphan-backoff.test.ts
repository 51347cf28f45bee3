// A parked child's wait doubles per attempt up to the cap; its parent is read back from the stored reason.
import { describe, expect, it } from 'vitest';
import { ORPHAN_BACKOFF_CAP_MS, ORPHAN_BACKOFF_MS, orphanDueAt } from '../../runtime/engine/entity/parked.ts';
import { ParentMissingError, parentOf } from '../../runtime/engine/record-errors.ts';
import type { DeadLetter } from '../../runtime/state/port.ts';

const at = '2026-01-01T00:00:00.000Z';
const letter = (attempts: number): DeadLetter => ({
  id: 1,
  flow: 'vehicles',
  sourceId: 'v',
  payload: null,
  reason: 'parent-missing: x',
  attempts,
  createdAt: at,
  lastAttemptAt: at,
  code: 'FERRY_PARENT_MISSING',
  discarded: null,
  nextRetryAt: null,
});

describe('orphan backoff', () => {
  it('doubles per attempt and stops at the cap', () => {
    const waits = [1, 2, 3, 7, 50, 5000].map((n) => orphanDueAt(letter(n)) - Date.parse(at));
    expect(waits).toEqual([
      ORPHAN_BACKOFF_MS,
      2 * ORPHAN_BACKOFF_MS,
      4 * ORPHAN_BACKOFF_MS,
      ORPHAN_BACKOFF_CAP_MS,
      ORPHAN_BACKOFF_CAP_MS,
      ORPHAN_BACKOFF_CAP_MS,
    ]);
  });

  it('reads the parent back from the message ParentMissingError writes', () => {
    const e = new ParentMissingError('cusProfile', 'contacts', '00000000-0000-0000-0000-000000000001');
    expect(parentOf(e.message)).toEqual({
      parentFlow: 'contacts',
      parentId: '00000000-0000-0000-0000-000000000001',
    });
    expect(parentOf('FERRY_BAD_VALUE: x')).toBeNull();
  });
});
