// The write guard of the flow being run, found by the HTTP layer through the async context: the last
// check before a write request leaves the process (after every queue, token-bucket wait and pause).
import { AsyncLocalStorage } from 'node:async_hooks';

/** Throws when the caller may no longer write (e.g. its lease could have expired). */
export type WriteGuard = () => void | Promise<void>;

const guards = new AsyncLocalStorage<WriteGuard>();

/** Runs `fn` with `guard` consulted before each API write it makes (requests it starts inherit it). */
export function withWriteGuard<T>(guard: WriteGuard, fn: () => Promise<T>): Promise<T> {
  return guards.run(guard, fn);
}

/** Consults the current write guard, if any. */
export async function checkWrite(): Promise<void> {
  await guards.getStore()?.();
}
