// One tenant under `ferry serve`: runs each flow when its schedule says, picks up a new bundle between passes,
// and keeps going through transient failures. Only a configuration error or drift stops a flow (not the loop).
import { EXIT, exitCodeOf, exitCodeOfCode, isErrorCode, messageOf } from './errors.ts';
import { sleep } from '../engine/follow.ts';
import type { FlowReport } from '../engine/run-flow.ts';
import type { Runtime } from '../index.ts';
import type { Logger } from '../log.ts';
import { withLabels } from './context.ts';
import type { ServiceMetrics } from './metrics.ts';
import { firstRun, nextRun, scheduleOf, type Schedule } from './schedule.ts';

export interface FlowSlot {
  readonly flow: string;
  schedule: Schedule;
  /** Epoch ms of the next pass (Infinity: never, e.g. stopped). */
  nextAt: number;
  running: boolean;
  /** Why serve stopped scheduling this flow (configuration error, drift); null while scheduled. */
  stopped: { readonly code: string; readonly kind: string; readonly message: string } | null;
  last: FlowReport | null;
}

export interface TenantLoopOptions {
  readonly name: string;
  readonly rt: Runtime;
  readonly metrics: ServiceMetrics;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** Only these flows (default all of the bundle). */
  readonly flows?: readonly string[];
  /** Replaces every schedule of the tenant (`--interval`). */
  readonly interval?: string;
  /** After each flow pass (tests, logs). */
  readonly onPass?: (tenant: string, report: FlowReport) => void;
}

/** A flow another worker holds is tried again this long after that lease expires. */
const TAKEOVER_SLACK_MS = 100;

export class TenantLoop {
  readonly slots = new Map<string, FlowSlot>();
  /** Last bundle reload failure (the previous bundle keeps running); null when the loaded bundle is current. */
  bundleError: string | null = null;

  constructor(private readonly o: TenantLoopOptions) {
    this.sync(Date.now());
  }

  get name(): string {
    return this.o.name;
  }

  /** Slots follow the bundle's flows: a reload may add or remove some. */
  private sync(now: number): void {
    const names = this.o.rt.engine.select(this.o.flows).map((f) => f.name);
    for (const flow of names) {
      const schedule = scheduleOf(flow, this.o.rt.tenant.schedule, this.o.interval);
      const slot = this.slots.get(flow);
      if (slot) slot.schedule = schedule;
      else
        this.slots.set(flow, {
          flow,
          schedule,
          nextAt: firstRun(schedule, now),
          running: false,
          stopped: null,
          last: null,
        });
    }
    for (const flow of this.slots.keys()) if (!names.includes(flow)) this.slots.delete(flow);
  }

  async run(): Promise<void> {
    const { signal } = this.o;
    while (!signal.aborted) {
      await this.reload();
      for (const slot of this.slots.values()) {
        if (signal.aborted) break;
        if (slot.stopped === null && slot.nextAt <= Date.now()) await this.pass(slot);
      }
      const next = Math.min(...[...this.slots.values()].map((s) => (s.stopped ? Infinity : s.nextAt)));
      // Nothing scheduled (all stopped): look for a new bundle now and then.
      await sleep(Number.isFinite(next) ? next - Date.now() : 60_000, signal);
    }
    await this.settle();
  }

  private async reload(): Promise<void> {
    try {
      if (await this.o.rt.reload()) {
        this.o.log.info(
          { tenant: this.o.name, bundleHash: this.o.rt.manifest.bundleHash },
          'new bundle loaded',
        );
        // A new bundle may fix what stopped a flow (drift, a mapping error): schedule those again.
        for (const slot of this.slots.values()) {
          if (slot.stopped === null) continue;
          this.o.metrics.stopped.remove({ tenant: this.o.name, flow: slot.flow, reason: slot.stopped.kind });
          slot.stopped = null;
          slot.nextAt = Date.now();
        }
        this.sync(Date.now());
      }
      this.bundleError = null;
    } catch (err) {
      this.bundleError = messageOf(err);
      this.o.log.error(
        { tenant: this.o.name, err: this.bundleError },
        'new bundle not loaded; the previous one keeps running',
      );
    }
  }

  private async pass(slot: FlowSlot): Promise<void> {
    const { rt, name: tenant, metrics, signal } = this.o;
    slot.running = true;
    let report: FlowReport;
    try {
      const r = await withLabels({ tenant, flow: slot.flow }, () =>
        rt.runOnce({ flows: [slot.flow], mode: 'incremental', idleStatus: 'running', signal }),
      );
      report = r.flows[0] ?? skipped(slot.flow, rt);
    } catch (err) {
      // Thrown before the flow ran (state store unreachable, ...): failed for this pass.
      report = failedReport(slot.flow, rt, err);
    } finally {
      slot.running = false;
    }
    const now = Date.now();
    slot.last = report;
    metrics.pass(tenant, report, now);
    this.o.onPass?.(tenant, report);
    this.schedule(slot, report, now);
  }

  private schedule(slot: FlowSlot, r: FlowReport, now: number): void {
    const l = { tenant: this.o.name, flow: slot.flow };
    const exit = exitCodeOfCode(r.errorCode);
    if (r.outcome === 'failed' && (exit === EXIT.config || exit === EXIT.drift)) {
      slot.stopped = {
        code: r.errorCode ?? 'FERRY_INTERNAL',
        kind: r.errorKind ?? 'config',
        message: r.error ?? '',
      };
      slot.nextAt = Infinity;
      this.o.metrics.stopped.set({ ...l, reason: r.errorKind ?? 'config' }, 1);
      this.o.log.error(
        { ...l, code: r.errorCode, err: r.error },
        'flow stopped until the tenant or bundle is fixed',
      );
      return;
    }
    slot.nextAt = nextRun(slot.schedule, now);
    const lease = r.outcome === 'skipped' ? r.lease : undefined;
    // Another worker holds the flow: try again once its lease could have expired (a takeover if it died).
    if (lease && lease.holder !== null)
      slot.nextAt = Math.min(
        slot.nextAt,
        Math.max(lease.expiresAt + TAKEOVER_SLACK_MS, now + 2 * TAKEOVER_SLACK_MS),
      );
    this.o.metrics.nextRun.set(l, slot.nextAt / 1000);
  }

  /** Interrupted: flows not held elsewhere are no longer running. */
  private async settle(): Promise<void> {
    const { rt } = this.o;
    for (const flow of this.slots.keys()) {
      try {
        const lease = (await rt.status([flow]))[0]?.lease;
        if (lease && lease.holder !== null && !lease.expired) continue;
        if ((await rt.state.getStatus(flow))?.status === 'running') await rt.state.setStatus(flow, 'stopped');
      } catch (err) {
        this.o.log.warn({ tenant: this.o.name, flow, err: messageOf(err) }, 'status not updated at shutdown');
      }
    }
  }
}

function skipped(flow: string, rt: Runtime): FlowReport {
  const kind = rt.engine.flowByName(flow)?.kind ?? 'entity';
  return { flow, kind, outcome: 'skipped', counts: {}, error: null, errorCode: null, errorKind: null };
}

function failedReport(flow: string, rt: Runtime, err: unknown): FlowReport {
  const exit = exitCodeOf(err);
  const code = (err as { code?: unknown }).code;
  return {
    ...skipped(flow, rt),
    outcome: 'failed',
    error: messageOf(err),
    errorCode: typeof code === 'string' && isErrorCode(code) ? code : 'FERRY_INTERNAL',
    errorKind: exit === EXIT.drift ? 'drift' : exit === EXIT.config ? 'config' : 'other',
  };
}
