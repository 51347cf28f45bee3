// Builds an engine over the fakes and a real SQLite (:memory:) state store.
import type { Bundle, Flow, Manifest } from '../../../runtime/contract.ts';
import { Engine } from '../../../runtime/engine/engine.ts';
import type { EngineOptions } from '../../../runtime/engine/context.ts';
import { openStateStore } from '../../../runtime/state/index.ts';
import type { StateStore } from '../../../runtime/state/port.ts';
import { FakeCampaign } from './campaign.ts';
import { FakeClock } from './clock.ts';
import { FakeDynamics } from './dynamics.ts';
import { FakeJournal } from './journal.ts';

export interface Harness {
  readonly clock: FakeClock;
  readonly dynamics: FakeDynamics;
  readonly campaign: FakeCampaign;
  readonly journal: FakeJournal;
  readonly state: StateStore;
  engine(flows: readonly Flow[], opts?: { manifest?: Manifest; options?: Partial<EngineOptions> }): Engine;
}

/** `stateUrl` lets the same tests run on PostgreSQL; default a private in-memory SQLite store. */
export async function harness(stateUrl = 'sqlite::memory:'): Promise<Harness> {
  const clock = new FakeClock();
  const dynamics = new FakeDynamics(clock);
  const campaign = new FakeCampaign(clock);
  const journal = new FakeJournal();
  const state = await openStateStore(stateUrl, process.cwd());
  return {
    clock,
    dynamics,
    campaign,
    journal,
    state,
    engine(flows, opts = {}) {
      const bundle: Bundle = { tenant: 'test', compilerVersion: 'test', flows };
      return new Engine({
        bundle,
        manifest: opts.manifest ?? null,
        dynamics,
        campaign,
        journal,
        state,
        options: { concurrency: 4, ...opts.options },
      });
    },
  };
}
