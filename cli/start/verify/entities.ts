// Contacts and custom entities: mirrored once with the mapped fields and links, deletes applied, others' records untouched.
import type { EntityFlow, Json } from '../../../runtime/contract.ts';
import { byKey, recordsOf, rowsOf, type SourceRow, type TargetRow } from '../snapshot.ts';
import { CheckBuilder, sameValue, show, type Check } from './check.ts';
import type { EntityExpectations } from './expect-entity.ts';

const IGNORED = new Set(['created', 'lastModified', 'PKey']);

export function verifyEntityFlow(
  x: EntityExpectations,
  flow: EntityFlow,
  optoutFields: ReadonlySet<string>,
): Check[] {
  const { s0, s1, final } = x.world;
  const res = flow.target.resource;
  const rows = rowsOf(final, flow.source.entity);
  const records = byKey(recordsOf(final, res), flow.target.key);
  const skip = (k: string): boolean => optoutFields.has(k) || IGNORED.has(k);
  const mirrored = new CheckBuilder(
    `${flow.name}: each ${flow.source.entity} mirrored once as ${res} (${flow.target.key} = id, mapped fields${flow.links.length > 0 ? ', links' : ''})`,
  );
  const gone = new CheckBuilder(
    `${flow.name}: ${res} records of deleted / filtered-out rows removed (ferry-created only)`,
  );
  const stale = new CheckBuilder(
    `${flow.name}: filtered-out rows keep their last synced ${res} (deleteFilteredOut off)`,
  );

  for (const [id, row] of rows) {
    const e = x.of(flow, id);
    const recs = records.get(id) ?? [];
    if (e.kind === 'mirrored') {
      mirrored.item(
        recs.length !== 1
          ? `${flow.source.entity} ${id}: ${recs.length} ${res} records`
          : fieldProblem(x, flow, id, row, recs[0] as TargetRow, skip),
      );
    } else if (e.kind === 'foreign') {
      // Its fields are checked by verifyForeign; here: ferry must not have added a second record with the key.
      if (recs.length !== 1)
        mirrored.item(
          `${flow.source.entity} ${id}: ${recs.length} ${res} records, expected only the pre-existing one`,
        );
    } else if (e.kind === 'stale') {
      const before = x.beforeLastPass(flow, id);
      stale.item(
        recs.length !== 1 || before === undefined
          ? `${id}: ${recs.length} records`
          : diff(recs[0] as TargetRow, before.fields, skip),
      );
    } else if (e.kind === 'absent' || e.kind === 'dead') {
      if (e.kind === 'absent' && x.beforeLastPass(flow, id) !== undefined)
        gone.item(recs.length === 0 ? null : `${id} (${e.why}) still has ${recs.length} ${res}`);
      else if (recs.length > 0)
        mirrored.item(
          `${id}: expected no ${res} (${e.kind === 'dead' ? `dead letter: ${e.reason}` : e.why}), found ${recs.length}`,
        );
    }
  }
  // Source rows deleted in Dynamics: their ferry-created records must be gone too.
  for (const [id] of byKey(recordsOf(s1, res), flow.target.key)) {
    if (rows.has(id) || x.isForeign(flow, id)) continue;
    gone.item(
      (records.get(id)?.length ?? 0) === 0 ? null : `${id} was deleted in Dynamics, ${res} still there`,
    );
  }
  // Nothing ferry created may lack a source row that wants it.
  const s0keys = new Set(recordsOf(s0, res).keys());
  for (const [id, recs] of records) {
    const own = recs.filter((r) => !s0keys.has(r.pkey));
    if (own.length > 0 && !rows.has(id) && x.of(flow, id).kind !== 'stale')
      mirrored.item(`${res} ${own[0]?.pkey} has ${flow.target.key}=${id} but no such ${flow.source.entity}`);
  }
  return [mirrored.done(), gone.done(), stale.done()].filter((c) => c.count > 0);
}

function fieldProblem(
  x: EntityExpectations,
  flow: EntityFlow,
  id: string,
  row: SourceRow,
  rec: TargetRow,
  skip: (k: string) => boolean,
): string | null {
  const body = flow.transform(row);
  // `updates: false` fields hold what the row said when the record was created (written on create and replay only).
  const firstRow =
    rowsOf(x.world.s0, flow.source.entity).get(id) ?? rowsOf(x.world.s1, flow.source.entity).get(id) ?? row;
  const first = flow.createOnly.length > 0 ? flow.transform(firstRow) : body;
  for (const [k, v] of Object.entries(body)) {
    if (skip(k)) continue;
    const want = flow.createOnly.includes(k) ? first[k] : v;
    if (!sameValue(rec.fields[k], want))
      return `${flow.source.entity} ${id}: ${k} is ${show(rec.fields[k])}, mapping says ${show(want)}`;
  }
  for (const link of flow.links) {
    const parentId = row[link.from];
    const got = pkeyOf(rec.fields[link.name]);
    if (typeof parentId !== 'string' || parentId === '') {
      if (got !== null) return `${id}: link ${link.name} should be empty, points at ${got}`;
      continue;
    }
    const parent = x.entityFlow(link.flow);
    const hits =
      byKey(recordsOf(x.world.final, parent.target.resource), parent.target.key).get(
        parentId.toLowerCase(),
      ) ?? [];
    if (hits.length !== 1)
      return `${id}: parent ${parentId} has ${hits.length} ${parent.target.resource} records`;
    if (got !== hits[0]?.pkey)
      return `${id}: link ${link.name} points at ${show(got)}, parent ${parentId} is ${hits[0]?.pkey ?? '?'}`;
  }
  return null;
}

function pkeyOf(v: Json | undefined): string | null {
  return v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    typeof (v as Record<string, Json>)['PKey'] === 'string'
    ? ((v as Record<string, Json>)['PKey'] as string)
    : null;
}

export function diff(
  rec: TargetRow,
  want: Readonly<Record<string, Json>>,
  skip: (k: string) => boolean,
): string | null {
  for (const k of new Set([...Object.keys(rec.fields), ...Object.keys(want)])) {
    if (skip(k)) continue;
    if (!sameValue(rec.fields[k], want[k]))
      return `${rec.pkey}: ${k} changed from ${show(want[k])} to ${show(rec.fields[k])}`;
  }
  return null;
}

/** Foreign records: every record that existed before ferry ran is still there, unchanged (opt-out fields excepted). */
export function verifyForeign(
  x: EntityExpectations,
  resource: string,
  key: string,
  optoutFields: ReadonlySet<string>,
): Check[] {
  const now = recordsOf(x.world.final, resource);
  const keyed = new CheckBuilder(
    `${resource}: pre-existing records with ${key} not modified by ferry${optoutFields.size > 0 ? ' (opt-outs checked below)' : ''}`,
  );
  const orphans = new CheckBuilder(`${resource}: records without ${key} untouched`);
  for (const before of recordsOf(x.world.s0, resource).values()) {
    const hasKey = typeof before.fields[key] === 'string' && before.fields[key] !== '';
    const after = now.get(before.pkey);
    const b = hasKey ? keyed : orphans;
    if (after === undefined) b.item(`${before.pkey} was deleted`);
    else
      b.item(
        diff(after, before.fields, (k) => (hasKey ? optoutFields.has(k) || IGNORED.has(k) : k === 'PKey')),
      );
  }
  return [keyed.done(), orphans.done()].filter((c) => c.count > 0);
}
