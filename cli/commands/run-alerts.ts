// `ferry run` tells the tenant's alert monitor about each pass (when `alerts:` is configured); never fails a run.
import path from 'node:path';
import { alertSnapshot, tenantAlertMonitor } from '../../runtime/alerts/index.ts';
import type { RunReport } from '../../runtime/index.ts';
import type { Session } from './runtime-session.ts';

export type AfterPass = (r: RunReport) => Promise<void>;

export async function alertsAfterPass(s: Session, intervalMs: number): Promise<AfterPass | null> {
  const tenantDir = path.join(s.root, 'tenants', s.tenant.name);
  let monitor;
  try {
    monitor = await tenantAlertMonitor(s.tenant, tenantDir, s.logger);
  } catch (err) {
    // A missing webhook secret is logged (names the variable or file, never a value); the sync still runs.
    s.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'alerts disabled');
    return null;
  }
  if (monitor === null) return null;
  // One observation at a time (follow mode does not wait for it): the dedupe state is read, then written.
  let chain: Promise<void> = Promise.resolve();
  const observe = async (report: RunReport): Promise<void> => {
    try {
      const statuses = await s.rt.status();
      await monitor.observe(
        s.tenant.name,
        await alertSnapshot(s.rt.state, statuses, report.flows, intervalMs),
      );
    } catch (err) {
      s.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'alerts not evaluated');
    }
  };
  return (report) => (chain = chain.then(() => observe(report)));
}
