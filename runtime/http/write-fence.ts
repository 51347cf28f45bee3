// Innermost policy: every request but a GET asks the caller's write guard first (runtime/write-guard.ts),
// so a worker whose lease could have expired sends no write, not even one queued before the pause.
import { checkWrite } from '../write-guard.ts';
import type { Policy } from './types.ts';

export const writeFence = (): Policy => (next) => async (req) => {
  if (req.method !== 'GET') await checkWrite();
  return next(req);
};
