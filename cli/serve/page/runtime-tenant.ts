// A page tenant over a runtime: its state, its current bundle's flows, and retry/replay through its engine.
import type { Runtime } from '../../../runtime/index.ts';
import type { FlowSchedule } from '../../../runtime/read/index.ts';
import type { PageTenant } from './types.ts';

export function runtimeTenant(rt: Runtime, schedules?: () => ReadonlyMap<string, FlowSchedule>): PageTenant {
  return {
    name: rt.tenant.name,
    state: rt.state,
    // Getters: a reloaded bundle (new flows, new hash) shows at once.
    get flows() {
      return rt.bundle.flows.map((f) => ({ name: f.name, kind: f.kind }));
    },
    get bundleHash() {
      return rt.manifest.bundleHash;
    },
    ...(schedules !== undefined ? { schedules } : {}),
    actions: {
      retryLetters: (flow, ids) => rt.retryDeadLetters({ flows: [flow], ids }),
      replayFlow: (flow) => rt.runOnce({ mode: 'replay', flows: [flow] }),
    },
  };
}
