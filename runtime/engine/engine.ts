// The engine: runs a bundle's flows (parents first) against whatever ports are plugged in.
import type { Bundle, Flow, Manifest } from '../contract.ts';
import { ConfigError } from '../../core/errors.ts';
import {
  silentLogger,
  type EngineOptions,
  type EnginePorts,
  type FlowRunContext,
  type ProgressEvent,
  type RunMode,
} from './context.ts';
import { DriftCache, DriftChecker } from './drift.ts';
import { runEntityFlow } from './entity/run.ts';
import { DEFAULT_JOURNAL_BATCH, runEventsFlow } from './events/run.ts';
import { runOptoutFlow } from './optout/run.ts';
import { pausedReport, runFlow, type FlowReport } from './run-flow.ts';
import type { DeadLetter, DeadLetterQuery, DiscardSelector, FlowStatus } from '../state/port.ts';
import { discardDeadLetters, retryDeadLetters } from './dlq.ts';
import { retryWithinRun } from './dlq-inrun.ts';
import { planFlow, type FlowPlan } from './plan.ts';
import { flowStatus, type FlowStatusReport } from './status.ts';
import { defaultWorkerId, leaseSettings } from './lease-settings.ts';

export interface RunOnceOptions {
  /** Flow names; default all flows of the bundle. */
  readonly flows?: readonly string[];
  readonly mode: RunMode;
  readonly signal?: AbortSignal;
  readonly onProgress?: (e: ProgressEvent) => void;
  /** Events flows: move an expired (or any) journal position to the oldest retained or the latest event. */
  readonly resetPosition?: 'oldest' | 'latest';
  /** Status after a successful run: `stopped` (default, --once) or `running` (--follow). */
  readonly idleStatus?: FlowStatus;
}

export interface RunReport {
  /** False when any flow failed or dead-lettered a record. */
  readonly ok: boolean;
  readonly flows: readonly FlowReport[];
}

export interface EngineDeps extends EnginePorts {
  readonly bundle: Bundle;
  /** Null skips the drift check (tests with hand-written flows). */
  readonly manifest: Manifest | null;
  readonly options?: Partial<EngineOptions>;
}

export class Engine {
  readonly bundle: Bundle;
  readonly ports: EnginePorts;
  readonly options: EngineOptions;
  /** Live metadata for drift checks, kept between passes (re-read once a minute). */
  private readonly driftCache = new DriftCache();
  private readonly manifest: Manifest | null;
  private readonly byName: ReadonlyMap<string, Flow>;

  constructor(deps: EngineDeps) {
    this.bundle = deps.bundle;
    this.manifest = deps.manifest;
    this.ports = {
      dynamics: deps.dynamics,
      campaign: deps.campaign,
      journal: deps.journal,
      state: deps.state,
    };
    this.options = {
      concurrency: 4,
      journalBatch: DEFAULT_JOURNAL_BATCH,
      log: silentLogger,
      now: () => new Date(),
      worker: defaultWorkerId(),
      lease: leaseSettings(),
      ...deps.options,
    };
    this.byName = new Map(deps.bundle.flows.map((f) => [f.name, f]));
  }

  /** Flows in bundle order (parents first), restricted to `names`. */
  select(names?: readonly string[]): Flow[] {
    if (names === undefined || names.length === 0) return [...this.bundle.flows];
    for (const n of names)
      if (!this.byName.has(n))
        throw new ConfigError(
          'FERRY_UNKNOWN_FLOW',
          `unknown flow ${n}; flows: ${[...this.byName.keys()].join(', ')}`,
        );
    return this.bundle.flows.filter((f) => names.includes(f.name));
  }

  async runOnce(opts: RunOnceOptions): Promise<RunReport> {
    const drift = new DriftChecker(
      this.manifest,
      this.ports.dynamics,
      this.ports.campaign,
      this.driftCache,
      this.options.now().getTime(),
    );
    const reports: FlowReport[] = [];
    for (const flow of this.select(opts.flows)) {
      if (opts.signal?.aborted) break;
      // An operator paused the flow (status page): it is skipped, and the report says by whom and why.
      const paused = (await this.ports.state.pausedFlow?.(flow.name)) ?? null;
      if (paused !== null) {
        this.options.log.info({ flow: flow.name, by: paused.actor, why: paused.why }, 'flow skipped: paused');
        reports.push(pausedReport(flow, paused));
        continue;
      }
      const req = {
        mode: opts.mode,
        signal: opts.signal,
        onProgress: opts.onProgress,
        resetPosition: opts.resetPosition,
        idleStatus: opts.idleStatus ?? 'stopped',
      };
      const report = await runFlow(this.ports, this.options, flow, req, async (ctx) => {
        await drift.check(flow);
        await ctx.state.setStatus(flow.name, 'running');
        const since = ctx.now().toISOString();
        await this.dispatch(ctx, flow);
        // Records that failed transiently get a few more tries before the run ends (then they back off).
        await retryWithinRun(ctx, flow, this.byName, since);
      });
      reports.push(report);
      // A worker that lost a lease may have been paused for long: it runs nothing more.
      if (report.errorCode === 'FERRY_LEASE_LOST') break;
    }
    return {
      ok: reports.every((r) => r.outcome !== 'failed' && (r.counts['deadLettered'] ?? 0) === 0),
      flows: reports,
    };
  }

  private dispatch(ctx: FlowRunContext, flow: Flow): Promise<void> {
    switch (flow.kind) {
      case 'entity':
        return runEntityFlow(ctx, flow, this.byName);
      case 'events':
        return runEventsFlow(ctx, flow);
      case 'optout':
        return runOptoutFlow(ctx, flow);
    }
  }

  flowByName(name: string): Flow | undefined {
    return this.byName.get(name);
  }

  /** Dry run: per flow counts and samples; writes nothing. */
  async plan(
    opts: { flows?: readonly string[]; samples?: number; journalCap?: number } = {},
  ): Promise<FlowPlan[]> {
    const out: FlowPlan[] = [];
    for (const flow of this.select(opts.flows))
      out.push(
        await planFlow(this.ports, flow, {
          samples: opts.samples ?? 5,
          journalCap: opts.journalCap ?? 10_000,
        }),
      );
    return out;
  }

  async status(flows?: readonly string[]): Promise<FlowStatusReport[]> {
    return Promise.all(this.select(flows).map((f) => flowStatus(this.ports, f)));
  }

  async deadLetters(flow?: string, opts: Omit<DeadLetterQuery, 'flow'> = {}): Promise<readonly DeadLetter[]> {
    if (flow !== undefined) this.select([flow]);
    return this.ports.state.listDeadLetters(flow, opts);
  }

  /** Discard the selected live dead letters (recorded with who and why, and as a run per flow). */
  async discardDeadLetters(sel: DiscardSelector, by: string, note: string): Promise<readonly DeadLetter[]> {
    if (sel.flow !== undefined) this.select([sel.flow]);
    return discardDeadLetters(this.ports.state, sel, by, note);
  }

  /** Re-process dead letters of the given flows (all by default), recorded as `dlq-retry` runs. */
  async retryDeadLetters(
    opts: { flows?: readonly string[]; signal?: AbortSignal; ids?: readonly number[] } = {},
  ): Promise<RunReport> {
    const reports: FlowReport[] = [];
    for (const flow of this.select(opts.flows)) {
      if ((await this.ports.state.countDeadLetters(flow.name)) === 0) continue;
      const paused = (await this.ports.state.pausedFlow?.(flow.name)) ?? null;
      if (paused !== null) {
        reports.push(pausedReport(flow, paused));
        continue;
      }
      const req = {
        mode: 'dlq-retry' as const,
        signal: opts.signal,
        onProgress: undefined,
        resetPosition: undefined,
        idleStatus: 'stopped' as const,
      };
      const report = await runFlow(this.ports, this.options, flow, req, async (ctx) => {
        await ctx.state.setStatus(flow.name, 'running');
        await retryDeadLetters(ctx, flow, this.byName, {
          fresh: true,
          ...(opts.ids === undefined ? {} : { ids: opts.ids }),
        });
      });
      reports.push(report);
      if (report.errorCode === 'FERRY_LEASE_LOST') break;
    }
    return {
      ok: reports.every((r) => r.outcome !== 'failed' && (r.counts['deadLettered'] ?? 0) === 0),
      flows: reports,
    };
  }
}
