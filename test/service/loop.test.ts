// The service loop with a stand-in runtime: per-flow intervals, transient failures retried on schedule,
// drift stops one flow (and makes /readyz unready) while the others go on, stop() ends the loop.
import { describe, expect, it } from 'vitest';
import type { FlowReport } from '../../runtime/index.ts';
import { silentLogger } from '../../runtime/log.ts';
import { Service } from '../../runtime/service/service.ts';
import { fakeRuntime } from './fake-runtime.ts';

/** A service over one fake tenant and a promise per awaited pass count. */
function serve(flows: string[], schedule: Parameters<typeof fakeRuntime>[1]) {
  const fake = fakeRuntime(flows, schedule);
  const waiters: { until: (r: FlowReport[]) => boolean; resolve: () => void }[] = [];
  const reports: FlowReport[] = [];
  const svc = new Service({
    tenants: [{ name: 'fake', rt: fake.rt }],
    log: silentLogger(),
    onPass: (_t, r) => {
      reports.push(r);
      for (const w of waiters.splice(0))
        if (w.until(reports)) w.resolve();
        else waiters.push(w);
    },
  });
  const done = svc.start();
  const when = (until: (r: FlowReport[]) => boolean): Promise<void> =>
    until(reports) ? Promise.resolve() : new Promise((resolve) => waiters.push({ until, resolve }));
  return { fake, svc, done, reports, when };
}

const count = (r: FlowReport[], flow: string, outcome?: string) =>
  r.filter((x) => x.flow === flow && (outcome === undefined || x.outcome === outcome)).length;

describe('service loop', () => {
  it('runs each flow on its own interval', async () => {
    const s = serve(['fast', 'slow'], { interval: '10m', flows: { fast: { interval: '20ms' } } });
    await s.when((r) => count(r, 'fast') >= 4);
    await s.svc.stop();
    await s.done;
    expect(count(s.reports, 'slow')).toBe(1); // its first pass at start; the next is 10 minutes away
    expect(s.fake.passes[0]).toBe('fast'); // bundle order
  });

  it('retries a transient failure on the next schedule; drift stops only that flow and the tenant is not ready', async () => {
    const s = serve(['a', 'b'], { interval: '20ms' });
    s.fake.verdicts.set('a', 'network');
    s.fake.verdicts.set('b', 'drift');
    await s.when((r) => count(r, 'a', 'failed') >= 3);
    const ready = await s.svc.readiness();
    expect(count(s.reports, 'b')).toBe(1);
    expect(ready.ready).toBe(false);
    expect(ready.tenants[0]?.stopped).toEqual([{ flow: 'b', kind: 'drift', code: 'FERRY_DRIFT' }]);
    s.fake.verdicts.set('a', 'ok');
    await s.when((r) => count(r, 'a', 'ok') >= 1);
    const text = await s.svc.scrape();
    expect(text).toMatch(/ferry_flow_stopped\{tenant="fake",flow="b",reason="drift"\} 1/);
    expect(text).toMatch(/ferry_flow_runs_total\{tenant="fake",flow="a",outcome="failed"\} [3-9]/);
    await s.svc.stop();
    await s.done;
  });

  it('is unready while the state store does not answer, and while stopping', async () => {
    const s = serve(['a'], { interval: '10m' });
    await s.when((r) => r.length >= 1);
    expect((await s.svc.readiness()).ready).toBe(true);
    s.fake.stateDown = true;
    const down = await s.svc.readiness();
    expect(down.ready).toBe(false);
    expect(down.tenants[0]?.state).toEqual({ ok: false, error: 'state store unreachable' });
    s.fake.stateDown = false;
    const stopped = s.svc.stop();
    expect((await s.svc.readiness()).ready).toBe(false);
    await stopped;
    await s.done;
  });
});
