// What `ferry serve` adds to its scheduler: the status page on its port and each tenant's alert monitor.
import path from 'node:path';
import { FerryError } from '../../core/errors.ts';
import { alertSnapshot, tenantAlertMonitor } from '../../runtime/alerts/index.ts';
import type { FlowReport } from '../../runtime/engine/run-flow.ts';
import type { FlowSchedule } from '../../runtime/read/index.ts';
import { nextRun, type Schedule } from '../../runtime/service/schedule.ts';
import type { Service } from '../../runtime/service/service.ts';
import type { TenantLoop } from '../../runtime/service/tenant-loop.ts';
import { adminTokensFromEnv, createStatusPage, runtimeTenant, type Route } from '../serve/page/index.ts';
import type { Session } from './runtime-session.ts';

/** Each flow's schedule and next run as the page shows them (read at request time: they move). */
function schedulesOf(loop: TenantLoop): () => ReadonlyMap<string, FlowSchedule> {
  return () =>
    new Map(
      [...loop.slots.values()].map((s) => [
        s.flow,
        {
          schedule: s.schedule.kind === 'interval' ? `every ${s.schedule.text}` : `cron ${s.schedule.text}`,
          nextRunAt: Number.isFinite(s.nextAt) ? new Date(s.nextAt).toISOString() : null,
        },
      ]),
    );
}

/** The status page over the service's tenants; actions need FERRY_ADMIN_TOKEN or FERRY_ADMIN_TOKEN_FILE. */
export function statusPageRoute(svc: Service, sessions: readonly Session[]): Route {
  const admin = adminTokensFromEnv();
  const pages = svc.loops.map((loop) => {
    const s = sessions.find((x) => x.tenant.name === loop.name);
    if (s === undefined) throw new FerryError('FERRY_INTERNAL', `no session for tenant ${loop.name}`);
    return runtimeTenant(s.rt, schedulesOf(loop));
  });
  return createStatusPage({ tenants: () => pages, admin });
}

/** How often a flow is expected to succeed: its interval, or the gap between a cron's next two firings. */
function periodMs(s: Schedule, now: number): number {
  if (s.kind === 'interval') return s.ms;
  const a = nextRun(s, now);
  return Number.isFinite(a) ? nextRun(s, a) - a : Number.POSITIVE_INFINITY;
}

/** After each flow pass, the tenant's alert monitor (when `alerts:` is configured) sees the new state. */
export async function alertsOnPass(
  sessions: readonly Session[],
  schedules: (tenant: string, flow: string) => Schedule | undefined,
): Promise<(tenant: string, report: FlowReport) => void> {
  const monitors = new Map<string, (report: FlowReport) => void>();
  for (const s of sessions) {
    let monitor;
    try {
      monitor = await tenantAlertMonitor(s.tenant, path.join(s.root, 'tenants', s.tenant.name), s.logger);
    } catch (err) {
      // A missing webhook secret is logged (the variable or file, never a value); the service still runs.
      s.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'alerts disabled');
      continue;
    }
    if (monitor === null) continue;
    const m = monitor;
    // One observation at a time per tenant: the dedupe state is read, then written.
    let chain: Promise<void> = Promise.resolve();
    const observe = async (report: FlowReport): Promise<void> => {
      try {
        const schedule = schedules(s.tenant.name, report.flow);
        const every = schedule === undefined ? Number.POSITIVE_INFINITY : periodMs(schedule, Date.now());
        await m.observe(s.tenant.name, await alertSnapshot(s.rt.state, await s.rt.status(), [report], every));
      } catch (err) {
        s.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'alerts not evaluated');
      }
    };
    monitors.set(s.tenant.name, (report) => void (chain = chain.then(() => observe(report))));
  }
  return (tenant, report) => monitors.get(tenant)?.(report);
}
