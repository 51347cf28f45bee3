// `ferry serve` without its HTTP listener: one loop per tenant, shared metrics, health and readiness.
//   const svc = new Service({ tenants: [{ name, rt }], log }); const done = svc.start(); ... await svc.stop();
import type { FlowReport } from '../engine/run-flow.ts';
import type { Runtime } from '../index.ts';
import type { Logger } from '../log.ts';
import { messageOf } from './errors.ts';
import { ServiceMetrics } from './metrics.ts';
import { refreshStateGauges } from './metrics-state.ts';
import { readiness, type Readiness } from './readiness.ts';
import { TenantLoop } from './tenant-loop.ts';

export interface ServiceTenant {
  readonly name: string;
  readonly rt: Runtime;
  /** Called after the runtime closed (e.g. the SQLite state lock). */
  readonly release?: () => void;
}

export interface ServiceOptions {
  readonly tenants: readonly ServiceTenant[];
  readonly log: Logger;
  readonly flows?: readonly string[];
  readonly interval?: string;
  readonly onPass?: (tenant: string, report: FlowReport) => void;
}

export class Service {
  readonly metrics = new ServiceMetrics();
  readonly loops: readonly TenantLoop[];
  private readonly ac = new AbortController();
  private running: Promise<void> | null = null;
  private readonly startedAt = Date.now();

  constructor(private readonly o: ServiceOptions) {
    this.loops = o.tenants.map(
      (t) =>
        new TenantLoop({
          name: t.name,
          rt: t.rt,
          metrics: this.metrics,
          log: o.log,
          signal: this.ac.signal,
          ...(o.flows ? { flows: o.flows } : {}),
          ...(o.interval ? { interval: o.interval } : {}),
          ...(o.onPass ? { onPass: o.onPass } : {}),
        }),
    );
  }

  /** True once stop() was asked: no new work is taken. */
  get stopping(): boolean {
    return this.ac.signal.aborted;
  }

  /** Runs every tenant until stop(); resolves when all loops ended and runtimes are closed. */
  start(): Promise<void> {
    this.running ??= (async () => {
      await Promise.all(this.loops.map((l) => l.run()));
      for (const t of this.o.tenants) {
        await t.rt
          .close()
          .catch((err: unknown) => this.o.log.warn({ tenant: t.name, err: messageOf(err) }, 'close failed'));
        t.release?.();
      }
      this.metrics.close();
    })();
    return this.running;
  }

  /** Stop taking work; a flow in flight is cancelled at its next checkpoint-consistent point. */
  async stop(): Promise<void> {
    this.ac.abort();
    await this.start();
  }

  health(): { status: 'alive'; uptimeSeconds: number; stopping: boolean } {
    return {
      status: 'alive',
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      stopping: this.stopping,
    };
  }

  readiness(): Promise<Readiness> {
    return readiness(
      this.loops.map((loop, i) => ({ loop, rt: (this.o.tenants[i] as ServiceTenant).rt })),
      this.stopping,
    );
  }

  /** Prometheus text: state gauges are read now. */
  async scrape(): Promise<string> {
    await refreshStateGauges(this.metrics, this.o.tenants);
    return this.metrics.registry.metrics();
  }

  get contentType(): string {
    return this.metrics.registry.contentType;
  }
}
