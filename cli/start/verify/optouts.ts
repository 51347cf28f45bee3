// Opt-outs: per contact/profile pair and field pair, both sides agree, on the value the conflict rule gives
// for the values and change times both sides had before the pass (the bundle's own `decide`).
// Like the engine: Dynamics record time vs Campaign ATTRIBUTE time, both in whole seconds.
import type { OptoutFlow, OptoutSide } from '../../../runtime/contract.ts';
import { timestampMillis } from '../../../core/time.ts';
import { byKey, recordsOf, rowsOf, type Snapshot } from '../snapshot.ts';
import { CheckBuilder, show, type Check } from './check.ts';

const asBool = (v: unknown): boolean | null =>
  typeof v === 'boolean' ? v : v === 1 || v === 0 ? v === 1 : null;
/** Whole seconds: Dynamics stamps no milliseconds, so a same-second edit is a tie (the rule's tie branch). */
const time = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const t = timestampMillis(v);
  return Number.isNaN(t) ? null : new Date(Math.floor(t / 1000) * 1000);
};

/**
 * contactid -> expected value per pair index, from the state before a pass. `previous`: the snapshot after
 * the previous pass. A Campaign field still holding the value it had then was last changed no later than that
 * profile's lastModified then (ferry remembers the value it saw or wrote, not the record time an unrelated
 * edit moved); a changed field is dated by the record's lastModified, as the engine does.
 */
export function expectedOptouts(
  flow: OptoutFlow,
  before: Snapshot,
  previous?: Snapshot,
): Map<string, (boolean | null)[]> {
  const out = new Map<string, (boolean | null)[]>();
  const profiles = byKey(recordsOf(before, flow.target.resource), flow.target.key);
  const earlier =
    previous === undefined ? undefined : byKey(recordsOf(previous, flow.target.resource), flow.target.key);
  for (const [id, row] of rowsOf(before, flow.source.entity)) {
    const recs = profiles.get(id) ?? [];
    if (recs.length > 1) continue;
    const rec = recs[0];
    const seen = earlier?.get(id);
    const prev = seen?.length === 1 ? seen[0] : undefined;
    out.set(
      id,
      flow.pairs.map((p) => {
        const d: OptoutSide = {
          value: asBool(row[p.dynamics]),
          modifiedAt: time(row[flow.source.modifiedField]),
        };
        // No profile yet: ferry creates it from Dynamics, whose values stand.
        if (rec === undefined) return d.value;
        const value = asBool(rec.fields[p.campaign]);
        const unchanged = prev !== undefined && asBool(prev.fields[p.campaign]) === value;
        const c: OptoutSide = { value, modifiedAt: time((unchanged ? prev : rec).fields['lastModified']) };
        if (d.value === c.value) return d.value;
        if (flow.direction === 'to-campaign') return d.value;
        if (flow.direction === 'to-dynamics') return c.value;
        return flow.decide(d, c).value;
      }),
    );
  }
  return out;
}

export function verifyOptouts(
  flow: OptoutFlow,
  before: Snapshot,
  after: Snapshot,
  label: string,
  previous?: Snapshot,
): Check {
  const b = new CheckBuilder(
    `${flow.name}: ${label}: ${flow.pairs.map((p) => `${p.dynamics}=${p.campaign}`).join(', ')} agree, as the ${flow.rule} rule decides`,
  );
  if (flow.direction === 'off') return b.done();
  const expected = expectedOptouts(flow, before, previous);
  const profiles = byKey(recordsOf(after, flow.target.resource), flow.target.key);
  for (const [id, row] of rowsOf(after, flow.source.entity)) {
    const recs = profiles.get(id) ?? [];
    if (recs.length !== 1) continue;
    const rec = recs[0];
    const want = expected.get(id);
    const problem = flow.pairs
      .map((p, i) => {
        const d = asBool(row[p.dynamics]);
        const c = asBool(rec?.fields[p.campaign]);
        const w = want?.[i] ?? null;
        if (d !== c) return `${id}: ${p.dynamics}=${show(d)} but ${p.campaign}=${show(c)}`;
        if (w !== null && d !== w)
          return `${id}: ${p.dynamics}/${p.campaign} are ${show(d)}, the rule says ${show(w)}`;
        return null;
      })
      .find((x) => x !== null);
    b.item(problem ?? null);
  }
  return b.done();
}
