// A runtime stand-in for the service loop: flows whose passes the test decides (ok, transient failure, drift).
import type { TenantSchedule } from '../../core/model/tenant.ts';
import type { FlowReport, RunOnceOptions, RunReport, Runtime } from '../../runtime/index.ts';

export type Verdict = 'ok' | 'network' | 'drift';

export interface FakeRuntime {
  readonly rt: Runtime;
  /** Flow names in the order their passes ran. */
  readonly passes: string[];
  /** What the next passes of a flow end with (default ok). */
  readonly verdicts: Map<string, Verdict>;
  stateDown: boolean;
}

const REPORTS: Record<Verdict, Pick<FlowReport, 'outcome' | 'error' | 'errorCode' | 'errorKind'>> = {
  ok: { outcome: 'ok', error: null, errorCode: null, errorKind: null },
  network: {
    outcome: 'failed',
    error: 'connection refused',
    errorCode: 'FERRY_HTTP_NETWORK',
    errorKind: 'other',
  },
  drift: { outcome: 'failed', error: 'column gone', errorCode: 'FERRY_DRIFT', errorKind: 'drift' },
};

export function fakeRuntime(flows: readonly string[], schedule: TenantSchedule): FakeRuntime {
  const status = new Map<string, string>();
  const fake: FakeRuntime = {
    passes: [],
    verdicts: new Map(),
    stateDown: false,
    rt: null as unknown as Runtime,
  };
  const defs = flows.map((name) => ({ name, kind: 'entity' as const }));
  const state = {
    getStatus: async (flow: string) => {
      if (fake.stateDown) throw new Error('state store unreachable');
      const s = status.get(flow);
      return s ? { status: s, detail: null, updatedAt: '' } : null;
    },
    setStatus: async (flow: string, s: string) => void status.set(flow, s),
  };
  const rt = {
    tenant: { name: 'fake', schedule },
    state,
    engine: {
      bundle: { flows: defs },
      select: (names?: readonly string[]) => defs.filter((d) => !names || names.includes(d.name)),
      flowByName: (name: string) => defs.find((d) => d.name === name),
    },
    manifest: { bundleHash: 'h1' },
    async runOnce(o: RunOnceOptions): Promise<RunReport> {
      const flow = o.flows?.[0] as string;
      fake.passes.push(flow);
      const v = REPORTS[fake.verdicts.get(flow) ?? 'ok'];
      const report: FlowReport = { flow, kind: 'entity', counts: { unchanged: 1, durationMs: 1 }, ...v };
      await state.setStatus(flow, v.outcome === 'ok' ? 'running' : 'failed');
      return { ok: v.outcome === 'ok', flows: [report] };
    },
    reload: async () => false,
    status: async () => [],
    deadLetters: async () => [],
    close: async () => {},
  };
  (fake as { rt: Runtime }).rt = rt as unknown as Runtime;
  return fake;
}
