// Step 6: read both emulators' stores and check them against what the compiled mappings say.
import type { EntityFlow, EventsFlow, Flow, OptoutFlow } from '../../../runtime/contract.ts';
import type { DeadLetter, PendingOptout } from '../../../runtime/state/port.ts';
import type { EmailEvent } from '../../../emulators/journal/payload.ts';
import type { Snapshot } from '../snapshot.ts';
import type { Check } from './check.ts';
import { verifyDeadLetters } from './dead-letters.ts';
import { verifyEntityFlow, verifyForeign } from './entities.ts';
import { verifyEvents } from './events.ts';
import { EntityExpectations } from './expect-entity.ts';
import { verifyOptouts } from './optouts.ts';

export type { Check } from './check.ts';
export { passed } from './check.ts';

export interface VerifyInput {
  readonly flows: readonly Flow[];
  /** Before the first pass, after it, before the last pass, now. */
  readonly s0: Snapshot;
  readonly p1: Snapshot;
  readonly s1: Snapshot;
  readonly final: Snapshot;
  readonly events: readonly EmailEvent[];
  readonly deadLetters: readonly DeadLetter[];
  readonly pending: readonly PendingOptout[];
}

export function verify(v: VerifyInput): Check[] {
  const byName = new Map(v.flows.map((f) => [f.name, f]));
  const x = new EntityExpectations({ flows: byName, s0: v.s0, s1: v.s1, final: v.final });
  const entity = v.flows.filter((f): f is EntityFlow => f.kind === 'entity');
  const optout = v.flows.filter((f): f is OptoutFlow => f.kind === 'optout');
  const optFields = (resource: string): Set<string> =>
    new Set(
      optout
        .filter((o) => o.target.resource === resource && o.direction !== 'off')
        .flatMap((o) => o.pairs.map((p) => p.campaign)),
    );
  const checks: Check[] = [];
  for (const f of entity) checks.push(...verifyEntityFlow(x, f, optFields(f.target.resource)));
  const keyed = new Map(entity.map((f) => [f.target.resource, f.target.key]));
  for (const [res, key] of keyed) checks.push(...verifyForeign(x, res, key, optFields(res)));
  for (const f of v.flows)
    if (f.kind === 'events') checks.push(...verifyEvents(f as EventsFlow, v.events, v.final));
  for (const f of optout) {
    checks.push(verifyOptouts(f, v.s0, v.p1, 'after the first pass'));
    checks.push(verifyOptouts(f, v.s1, v.final, 'after the incremental pass', v.p1));
  }
  checks.push(...verifyDeadLetters(x, entity, v.deadLetters, v.pending));
  return checks;
}
