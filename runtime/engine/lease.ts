// Optional worker leases: when the state store offers them (SQL adapters), a flow runs on one worker
// at a time; a stale worker is fenced off by the store on its next checkpoint write.
import type { StateStore } from '../state/port.ts';

interface LeasingStore {
  acquireLease(flow: string, worker: string, ttlMs: number): Promise<{ fence: number } | null>;
  releaseLease(flow: string): Promise<void>;
}

function leasing(state: StateStore): LeasingStore | null {
  const s = state as Partial<LeasingStore>;
  return typeof s.acquireLease === 'function' && typeof s.releaseLease === 'function'
    ? (s as LeasingStore)
    : null;
}

export interface HeldLease {
  release(): Promise<void>;
}

const NO_LEASE: HeldLease = { release: async () => {} };

/** Null when another live worker holds the flow. */
export async function takeLease(
  state: StateStore,
  flow: string,
  worker: string,
  ttlMs: number,
): Promise<HeldLease | null> {
  const store = leasing(state);
  if (store === null) return NO_LEASE;
  if ((await store.acquireLease(flow, worker, ttlMs)) === null) return null;
  // Renewed on a timer, not on progress: a slow page must not lose the lease. A crashed worker's
  // lease expires after ttlMs; the same worker id (a restart on the same host) takes it back at once.
  const timer = setInterval(
    () => void store.acquireLease(flow, worker, ttlMs).catch(() => undefined),
    Math.max(1000, ttlMs / 3),
  );
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await store.releaseLease(flow);
    },
  };
}
