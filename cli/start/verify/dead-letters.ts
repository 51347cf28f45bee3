// Dead letters: exactly the hostile records the expectations predict (invalid emails, children of missing parents),
// each with a reason; no pending opt-out left behind.
import type { DeadLetter, PendingOptout } from '../../../runtime/state/port.ts';
import type { EntityFlow } from '../../../runtime/contract.ts';
import { rowsOf } from '../snapshot.ts';
import { CheckBuilder, type Check } from './check.ts';
import type { EntityExpectations } from './expect-entity.ts';

const REASON: Record<'parent' | 'email', RegExp> = { parent: /parent/i, email: /email/i };

export function verifyDeadLetters(
  x: EntityExpectations,
  flows: readonly EntityFlow[],
  letters: readonly DeadLetter[],
  pending: readonly PendingOptout[],
): Check[] {
  const b = new CheckBuilder('dead letters: only the expected hostile records, each with its reason');
  const expected = new Map<string, 'parent' | 'email'>();
  for (const flow of flows) {
    for (const id of rowsOf(x.world.final, flow.source.entity).keys()) {
      const e = x.of(flow, id);
      if (e.kind === 'dead') expected.set(`${flow.name}/${id}`, e.reason);
    }
  }
  const seen = new Set<string>();
  for (const d of letters) {
    const k = `${d.flow}/${d.sourceId.toLowerCase()}`;
    seen.add(k);
    const why = expected.get(k);
    if (why === undefined) b.item(`unexpected dead letter ${k}: ${d.reason}`);
    else
      b.item(
        d.reason.trim() === ''
          ? `${k} has no reason`
          : REASON[why].test(d.reason)
            ? null
            : `${k}: reason "${d.reason}" does not name the ${why}`,
      );
  }
  for (const k of expected.keys())
    if (!seen.has(k)) b.item(`${k} should have been dead-lettered (${expected.get(k) ?? ''})`);
  const p = new CheckBuilder('opt-outs: nothing left pending');
  for (const o of pending)
    p.item(`${o.sourceId} ${o.side}.${o.field}=${String(o.value)} pending: ${o.reason}`);
  return [
    b.done(),
    ...(pending.length > 0 ? [p.done()] : [{ name: p.name, count: 0, failures: [], failed: 0 }]),
  ];
}
