// The runtime, wired: secrets → connectors, state store, compiled bundle → engine.
//   const rt = await createRuntime({ tenantDir, tenant, bundleDir });
//   await rt.runOnce({ mode: 'incremental' }); await rt.close();
import type { CampaignConnection, DynamicsConnection, TenantFile } from '../core/model/tenant.ts';
import type { Bundle, Manifest } from './contract.ts';
import { connectTenant, type ConnectOptions, type TenantConnectors } from './connectors/index.ts';
import { loadBundle, readManifest } from './bundle/load.ts';
import { Engine, type RunOnceOptions, type RunReport } from './engine/engine.ts';
import { DEFAULT_JOURNAL_BATCH } from './engine/events/run.ts';
import type { EngineOptions, EnginePorts } from './engine/context.ts';
import { follow, type FollowOptions } from './engine/follow.ts';
import { leaseInfo } from './engine/lease.ts';
import { resolveLeaseSettings } from './engine/lease-settings.ts';
import { resolveResilience } from './engine/resilience.ts';
import { PauseBudget } from './http/pause-budget.ts';
import type { FlowPlan } from './engine/plan.ts';
import type { FlowStatusReport } from './engine/status.ts';
import { silentLogger, type Logger } from './log.ts';
import { offlineCampaign, offlineDynamics } from './offline-ports.ts';
import { openStateStore } from './state/index.ts';
import type { DeadLetter, StateStore } from './state/port.ts';
import { CAMPAIGN_MAX_CONCURRENCY } from './http/concurrency.ts';
import { defaultStateUrl } from './state/default-url.ts';

export type { RunOnceOptions, RunReport } from './engine/engine.ts';
export type { FlowReport } from './engine/run-flow.ts';
export type { FlowPlan, PlanKind, PlanSample } from './engine/plan.ts';
export type { FlowStatusReport } from './engine/status.ts';
export type { ProgressEvent, RunMode } from './engine/context.ts';
export { Engine } from './engine/engine.ts';
export { parseInterval } from './engine/follow.ts';
export { bundleFreshness, type Freshness } from './bundle/stale.ts';
export { loadBundle, readManifest, type LoadedBundle } from './bundle/load.ts';

export interface RuntimeOverrides {
  /** Merged over tenant.dynamics / tenant.campaign (e.g. emulator URLs on port 0). */
  readonly dynamics?: Partial<DynamicsConnection>;
  readonly campaign?: Partial<CampaignConnection>;
  /** State URL instead of tenant.state (e.g. `sqlite::memory:`). */
  readonly state?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly connect?: ConnectOptions;
  /** Plug in ports directly (tests); connectors are then not built. */
  readonly ports?: Omit<EnginePorts, 'state'>;
  readonly engine?: Partial<Omit<EngineOptions, 'log'>>;
}

export interface CreateRuntimeOptions {
  readonly tenantDir: string;
  readonly tenant: TenantFile;
  readonly bundleDir: string;
  /** False opens only the bundle and the state store (status, dead letters): no secrets, no connectors; API calls fail with FERRY_OFFLINE. */
  readonly apis?: boolean;
  readonly overrides?: RuntimeOverrides;
  readonly logger?: Logger;
}

export interface Runtime {
  readonly tenant: TenantFile;
  readonly state: StateStore;
  readonly engine: Engine;
  readonly bundle: Bundle;
  readonly manifest: Manifest;
  runOnce(opts: RunOnceOptions): Promise<RunReport>;
  /** Loops until opts.signal aborts; reloads the bundle between runs when it was recompiled. */
  follow(opts: FollowOptions): Promise<RunReport | null>;
  plan(opts?: { flows?: readonly string[]; samples?: number }): Promise<FlowPlan[]>;
  status(flows?: readonly string[]): Promise<FlowStatusReport[]>;
  deadLetters(flow?: string): Promise<readonly DeadLetter[]>;
  retryDeadLetters(opts?: {
    flows?: readonly string[];
    signal?: AbortSignal;
    ids?: readonly number[];
  }): Promise<RunReport>;
  /** Re-read dist/<tenant> if its bundle hash changed; true when a new bundle was loaded. */
  reload(): Promise<boolean>;
  close(): Promise<void>;
}

export { defaultStateUrl };

export async function createRuntime(opts: CreateRuntimeOptions): Promise<Runtime> {
  const o = opts.overrides ?? {};
  const log = opts.logger ?? silentLogger();
  const tenant: TenantFile = {
    ...opts.tenant,
    dynamics: { ...opts.tenant.dynamics, ...o.dynamics },
    campaign: { ...opts.tenant.campaign, ...o.campaign },
  };
  let loaded = await loadBundle(opts.bundleDir);
  let connectors: TenantConnectors | null = null;
  let engineOptions: Partial<EngineOptions> = {};
  let ports: Omit<EnginePorts, 'state'>;
  const resilience = resolveResilience(tenant.resilience);
  // Throttling waits are budgeted per run across the three services (reset before each run).
  const pauseBudget = new PauseBudget(resilience.pauseBudgetMs);
  if (o.ports !== undefined) ports = o.ports;
  else if (opts.apis === false)
    ports = { dynamics: offlineDynamics(), campaign: offlineCampaign(), journal: null };
  else {
    connectors = await connectTenant(tenant, opts.tenantDir, {
      logger: log,
      pauseBudget,
      ...(o.env ? { env: o.env } : {}),
      ...o.connect,
    });
    ports = {
      dynamics: connectors.dynamics,
      campaign: connectors.campaign,
      journal: connectors.v8Logs ?? connectors.journal,
    };
  }
  let state: StateStore;
  try {
    const lease = resolveLeaseSettings(tenant.lease, { ...process.env, ...o.env });
    engineOptions = { ...engineOptions, lease };
    // A transaction left open by a paused worker is ended by the server well before its lease expires.
    state = await openStateStore(o.state ?? defaultStateUrl(tenant), opts.tenantDir, {
      idleInTransactionMs: Math.max(2000, lease.ttlMs / 3),
    });
  } catch (err) {
    await connectors?.close();
    throw err;
  }
  engineOptions = {
    // Writes in flight per flow: the HTTP layer sizes what actually goes out to the calls/s cap.
    concurrency: tenant.campaign.concurrency ?? CAMPAIGN_MAX_CONCURRENCY,
    journalBatch: tenant.campaign.journalBatchSize ?? DEFAULT_JOURNAL_BATCH,
    log,
    outageBudgetMs: resilience.outageBudgetMs,
    ...engineOptions,
    ...o.engine,
  };
  const build = () =>
    new Engine({ bundle: loaded.bundle, manifest: loaded.manifest, ...ports, state, options: engineOptions });
  let engine = build();

  const rt: Runtime = {
    tenant,
    state,
    get engine() {
      return engine;
    },
    get bundle() {
      return loaded.bundle;
    },
    get manifest() {
      return loaded.manifest;
    },
    runOnce: (r) => {
      pauseBudget.reset();
      return engine.runOnce(r);
    },
    async follow(f) {
      const last = await follow(async (r) => {
        if (await rt.reload()) log.info({ bundleHash: loaded.manifest.bundleHash }, 'new bundle loaded');
        pauseBudget.reset();
        return engine.runOnce(r);
      }, f);
      // Interrupted between passes: flows are no longer running here (those another worker holds still are).
      for (const flow of engine.select(f.flows)) {
        const held = await leaseInfo(state, flow.name);
        if (held !== null && held.holder !== null && held.expiresAt > Date.now()) continue;
        if ((await state.getStatus(flow.name))?.status === 'running')
          await state.setStatus(flow.name, 'stopped');
      }
      return last;
    },
    plan: (p) => engine.plan(p),
    status: (flows) => engine.status(flows),
    deadLetters: (flow) => engine.deadLetters(flow),
    retryDeadLetters: (r) => engine.retryDeadLetters(r),
    async reload() {
      const m = await readManifest(opts.bundleDir);
      if (m.bundleHash === loaded.manifest.bundleHash) return false;
      loaded = await loadBundle(opts.bundleDir);
      engine = build();
      return true;
    },
    async close() {
      await state.close();
      await connectors?.close();
    },
  };
  return rt;
}
