// The events bench's passes for an older checkout that has no `bench/events.ts`: copied into it (same path,
// with a one-line bench/events.ts naming it) by the comparison against the tree the scale issue was filed on.
// It uses only bench helpers that checkout already had, and sets no events settings: each tree runs its own
// defaults. Same passes as bench/events.ts: fresh journal events, a new runtime per pass on one state.
import { FerryError } from '../../core/errors.ts';
import type { BenchRun } from '../types.ts';
import { sharedSandbox } from './bundle.ts';
import { startEmulatorHost } from './emulator-client.ts';
import { benchRuntime } from './ferry.ts';
import { median, sig } from './stats.ts';
import { tempState } from './state.ts';

const SEED = 7;
const CAPS = { concurrency: 8, callsPerSecond: 1_000 };

export const run: BenchRun = async (opts) => {
  const o = opts.smoke
    ? { events: 2_000, reps: 1, profiles: 200, latencyMs: 10 }
    : { events: 40_000, reps: 3, profiles: 2_000, latencyMs: 10 };
  const bundle = await sharedSandbox();
  const host = await startEmulatorHost({ seed: SEED, contacts: o.profiles, latencyMs: o.latencyMs });
  const state = await tempState();
  const rates: number[] = [];
  let events = 0;
  let requests = 0;
  try {
    for (let i = 0; i < o.reps; i++) {
      const appended = await host.deliver(o.profiles, o.events);
      const rt = await benchRuntime(host.info, bundle.dir, CAPS, state.url);
      try {
        const before = await host.counters();
        const t0 = performance.now();
        const report = await rt.runOnce({ mode: 'incremental', flows: ['email-events'] });
        const ms = performance.now() - t0;
        const after = await host.counters();
        const f = report.flows[0];
        if (f === undefined || f.outcome !== 'ok')
          throw new FerryError('FERRY_BENCH_RUN', `email-events ${f?.outcome ?? 'not run'}`);
        rates.push(appended / (ms / 1000));
        events += appended;
        requests += after.dynamics.requests - before.dynamics.requests;
      } finally {
        await rt.close();
      }
    }
  } finally {
    await host.close();
    await state.dispose();
  }
  const perSec = Math.round(median(rates));
  const spread = `${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}`;
  const per100 = sig((requests / events) * 100);
  return {
    name: 'events',
    // Under `current.` as in bench/events.ts, so one reader takes the figure from either.
    figures: {
      'current.perSec': perSec,
      'current.perSecSpread': spread,
      'current.requestsPer100': per100,
      eventsPerPass: o.events,
      passes: o.reps,
    },
    table: [
      ['events/s (median)', 'spread', 'Dynamics req/100 events'],
      [perSec, spread, per100],
    ],
  };
};
