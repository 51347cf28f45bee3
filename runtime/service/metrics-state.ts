// Scrape-time gauges: what the state store says now (backlog, dead letters by reason, opt-outs, lag, leases).
import type { Runtime } from '../index.ts';
import type { ServiceMetrics } from './metrics.ts';

/** Runs looked at to find the last successful pass of an events flow. */
const RUNS_FOR_LAG = 50;

export async function refreshStateGauges(
  m: ServiceMetrics,
  tenants: readonly { readonly name: string; readonly rt: Runtime }[],
  now: number = Date.now(),
): Promise<void> {
  // Reset first: a letter retried away or a lease released must disappear from the scrape.
  for (const g of [m.backlog, m.deadLetters, m.pendingOptouts, m.journalLag, m.leaseHolder]) g.reset();
  for (const { name: tenant, rt } of tenants) {
    try {
      const [statuses, letters] = await Promise.all([rt.status(), rt.deadLetters()]);
      for (const s of statuses) {
        const l = { tenant, flow: s.flow };
        m.backlog.set(l, s.backlog);
        if (s.kind === 'optout') m.pendingOptouts.set(l, s.pendingOptouts.length);
        if (s.lease !== null && s.lease.holder !== null && !s.lease.expired)
          m.leaseHolder.set({ ...l, worker: s.lease.holder }, 1);
        if (s.kind === 'events') {
          const ok = (await rt.state.listRuns(s.flow, RUNS_FOR_LAG)).find(
            (r) => r.error === null && r.endedAt,
          );
          if (ok?.endedAt) m.journalLag.set(l, Math.max(0, (now - Date.parse(ok.endedAt)) / 1000));
        }
      }
      for (const d of letters) m.deadLetters.inc({ tenant, flow: d.flow, reason: d.code ?? 'unknown' });
      m.stateUp.set({ tenant }, 1);
    } catch {
      // An unreachable store is itself the signal (and /readyz says 503).
      m.stateUp.set({ tenant }, 0);
    }
  }
}
