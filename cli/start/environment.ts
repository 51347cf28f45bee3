// The demo's world: seeded emulators on port 0, the sandbox tenant compiled into a temp bundle, a temp state file,
// and the runtime wired to all three. `close()` undoes everything, whatever happened before.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileProject } from '../../compiler/index.ts';
import { hasErrors, type Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import { loadProject } from '../../compiler/project/index.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { offsetClock, type ManualClock } from '../../emulators/common/clock.ts';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import { ConfigError } from '../../core/errors.ts';
import { createRuntime, type Runtime } from '../../runtime/index.ts';
import type { Logger } from '../../runtime/log.ts';
import type { Mapping } from '../../core/model/mapping.ts';

export const TENANT = 'sandbox';
/** Campaign calls per second for the demo: the emulator has no engine-call quota (tenant.yaml says 20). */
export const DEMO_CALLS_PER_SECOND = 2000;

export interface DemoOptions {
  readonly root: string;
  readonly seed: number;
  readonly contacts: number;
  readonly logger?: Logger;
  /** Keep the temp folder (bundle, state file) for inspection. */
  readonly keep?: boolean;
}

export interface CompileSummary {
  readonly flows: readonly string[];
  readonly files: number;
  readonly bundleHash: string;
  readonly ms: number;
}

export interface DemoEnv {
  readonly sandbox: Sandbox;
  /** The emulators' clock: wall time plus an offset the scenario moves forward. */
  readonly clock: ManualClock;
  readonly tmp: string;
  readonly rt: Runtime;
  readonly bundleDir: string;
  readonly compile: CompileSummary;
  readonly mappings: readonly Mapping[];
  readonly seeded: {
    readonly contacts: number;
    readonly vehicles: number;
    readonly visits: number;
    readonly profiles: number;
    readonly events: number;
  };
}

/** Resources opened so far, closed in reverse order; safe to call twice (signal handler + finally). */
export class Cleanup {
  private readonly steps: (() => Promise<void>)[] = [];
  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    while (this.steps.length > 0)
      await this.steps
        .pop()?.()
        .catch(() => undefined);
  }
}

export class CompileFailed extends ConfigError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super('FERRY_START_COMPILE', 'the sandbox tenant does not compile');
  }
}

export async function openDemo(opts: DemoOptions, cleanup: Cleanup): Promise<DemoEnv> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ferry-start-'));
  if (opts.keep !== true) cleanup.add(() => rm(tmp, { recursive: true, force: true }));
  const clock = offsetClock();
  const sandbox = await startSandbox({ seed: opts.seed, contacts: opts.contacts, clock });
  cleanup.add(() => sandbox.close());

  const t0 = performance.now();
  const bundleDir = path.join(tmp, 'bundle');
  const compiled = await compileProject({ root: opts.root, tenant: TENANT, out: bundleDir });
  if (compiled.files === null || hasErrors(compiled.diagnostics))
    throw new CompileFailed(compiled.diagnostics);
  const ms = Math.round(performance.now() - t0);

  const project = await loadProject({ root: opts.root, tenant: TENANT });
  if (project.tenant === null)
    throw new ConfigError('FERRY_START_TENANT', 'tenants/sandbox/tenant.yaml is not valid');
  const { dynamics, campaign } = sandbox.info;
  const rt = await createRuntime({
    tenantDir: project.tenantDir,
    tenant: project.tenant.value,
    bundleDir,
    ...(opts.logger ? { logger: opts.logger } : {}),
    overrides: {
      dynamics: { url: dynamics.url, tokenUrl: dynamics.tokenUrl },
      // The emulator enforces no engine-call quota; the tenant's 20 calls/s would only slow the demo down.
      campaign: {
        url: campaign.url,
        imsTokenUrl: campaign.imsTokenUrl,
        journalUrl: campaign.journalUrl,
        callsPerSecond: DEMO_CALLS_PER_SECOND,
        concurrency: 16,
      },
      state: `sqlite:${path.join(tmp, 'state.db')}`,
      env: {
        FERRY_SANDBOX_DYNAMICS_SECRET: SANDBOX.dynamicsClientSecret,
        FERRY_SANDBOX_CAMPAIGN_SECRET: SANDBOX.campaignClientSecret,
      },
    },
  });
  cleanup.add(() => rt.close());

  const manifest = rt.manifest;
  const compile: CompileSummary = {
    flows: manifest.flows.map((f) => f.name),
    files: compiled.files.size,
    bundleHash: manifest.bundleHash,
    ms,
  };
  const store = sandbox.dynamics.store;
  const seeded = {
    contacts: store.count('contact'),
    vehicles: store.count('ferry_vehicle'),
    visits: store.count('ferry_servicevisit'),
    profiles: sandbox.campaign.store.table('profile').size,
    events: sandbox.journal.journal.size,
  };
  return {
    sandbox,
    clock,
    tmp,
    rt,
    bundleDir,
    compile,
    seeded,
    mappings: project.mappings.map((m) => m.value),
  };
}
