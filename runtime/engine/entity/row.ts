// One source row → at most one Campaign write: filter, transform, hash, then find-by-key and create/patch.
import type { EntityFlow, Json, SourceRow, TargetRecord } from '../../contract.ts';
import { RecordError, TransformError } from '../../../core/errors.ts';
import type { CampaignRecord } from '../../ports.ts';
import type { LedgerEntry } from '../../state/port.ts';
import { canonicalJson, changeHash } from '../../lib/hash.ts';
import { messageOf, ParentMissingError } from '../record-errors.ts';
import { isTimestampText, parseTimestamp } from '../../../core/time.ts';
import { ledgerEntry, sourceIdOf, type EntityEnv, type Outcome } from './env.ts';
import { createConfirmed } from './create.ts';
import { removeInCampaign } from './delete.ts';
import { indexedPatch } from './indexed.ts';

export async function syncRow(
  env: EntityEnv,
  row: SourceRow,
  prev: LedgerEntry | undefined,
): Promise<Outcome> {
  const { flow, ctx, phase } = env;
  const id = sourceIdOf(flow, row);
  if (!guard(() => flow.matches(row), 'filter')) return filteredOut(env, id, prev);

  const body = guard(() => flow.transform(row), 'transform');
  const hash = rowHash(flow, row, body);
  // Diff-only: an unchanged hash costs no API call (replay re-sends everything on purpose).
  if (phase !== 'replay' && prev?.matched === true && prev.hash === hash) {
    ctx.counts.add('unchanged');
    return phase === 'incremental' ? {} : { put: { ...prev, syncedAt: env.syncedAt } };
  }

  const links = await resolveLinks(env, row);
  const full: Record<string, Json> = { ...body, ...links, [flow.target.key]: id };
  // The API is the source of truth for existence: a record created just before a crash is found here
  // (the run's key index answers only for keys the ledger has never seen; the rest are looked up).
  let found = await env.keys.find(id, prev !== undefined);
  const own = prev?.createdByFerry === true;
  if (found.kind !== 'none' && !own && flow.onlyOwnRecords) {
    ctx.counts.skip('not created by ferry');
    return { put: ledgerEntry(env, id, hash, false, true) };
  }
  if (found.kind === 'indexed') {
    const patch = indexedPatch(env, full, found.content);
    if (patch === null) {
      ctx.counts.add('unchanged');
      return { put: ledgerEntry(env, id, hash, own, true) };
    }
    // Source unchanged since ferry wrote it, yet the values differ: a Campaign-side edit. Look the record
    // up so the overwritten fields are named below (rare: costs one more call).
    if (!(prev?.matched === true && prev.hash === hash)) {
      await ctx.campaign.update(found.record, patch);
      ctx.counts.add('updated');
      return { put: ledgerEntry(env, id, hash, own, true) };
    }
    found = await env.keys.lookup(id);
  }
  if (found.kind === 'none') {
    // Record the intent first, so a crash between create and ledger write still knows ferry owns it (KEY-6).
    if (prev?.createdByFerry !== true && !env.intents.has(id))
      await env.intents.write(ledgerEntry(env, id, '', true, true));
    await createConfirmed(ctx, flow.target, id, full);
    ctx.counts.add('created');
    return { put: ledgerEntry(env, id, hash, true, true) };
  }
  const hit = found.record;
  const patch = changedFields(env, full, hit, Object.keys(links));
  if (Object.keys(patch).length === 0) ctx.counts.add('unchanged');
  else {
    // Source unchanged since ferry last wrote it, yet the live record differs: someone edited it in
    // Campaign. Say so instead of overwriting silently (PAIN-5).
    if (prev?.matched === true && prev.hash === hash) {
      for (const f of Object.keys(patch)) ctx.counts.bump(`overwritten:${f}`);
      ctx.log.info(
        { flow: flow.name, sourceId: id, fields: Object.keys(patch) },
        'Campaign-side edits overwritten',
      );
    }
    await ctx.campaign.update(hit, patch);
    ctx.counts.add('updated');
  }
  return { put: ledgerEntry(env, id, hash, own, true) };
}

/** Link lookups feed the hash too, so re-parenting a child is a change (same hash as runtime/lib without links). */
export function rowHash(flow: EntityFlow, row: SourceRow, body: TargetRecord): string {
  const linkKeys = flow.links.map((l) => `@link:${l.name}`);
  const hashed = {
    ...body,
    ...Object.fromEntries(flow.links.map((l, i) => [linkKeys[i], row[l.from] ?? null])),
  };
  return changeHash(hashed, [...flow.hashFields, ...linkKeys]);
}

async function filteredOut(env: EntityEnv, id: string, prev: LedgerEntry | undefined): Promise<Outcome> {
  const { flow, ctx } = env;
  if (prev === undefined) {
    ctx.counts.skip('filtered out');
    return {};
  }
  if (prev.matched && flow.deleteFilteredOut && prev.createdByFerry) {
    await removeInCampaign(env, id);
    ctx.counts.add('deleted');
    return { remove: true };
  }
  ctx.counts.skip(
    prev.matched && flow.deleteFilteredOut ? 'filtered out, not created by ferry' : 'filtered out',
  );
  return { put: { ...prev, matched: false, syncedAt: env.syncedAt } };
}

async function resolveLinks(env: EntityEnv, row: SourceRow): Promise<Record<string, Json>> {
  const out: Record<string, Json> = {};
  for (const link of env.flow.links) {
    const value = row[link.from];
    if (value === null || value === undefined || value === '') {
      if (link.required)
        throw new RecordError('FERRY_LINK_EMPTY', `required link ${link.name}: ${link.from} is empty`);
      continue;
    }
    const pkey = await env.parents.resolve(link.flow, String(value));
    if (pkey === null) throw new ParentMissingError(link.name, link.flow, String(value));
    out[link.name] = { PKey: pkey };
  }
  return out;
}

/** Only fields whose live value differs (replay included: equal values cost no engine call); createOnly fields only on initial load and replay. */
function changedFields(
  env: EntityEnv,
  full: TargetRecord,
  hit: CampaignRecord,
  linkNames: readonly string[],
): Record<string, Json> {
  const withCreateOnly = env.phase === 'initial' || env.phase === 'replay';
  const skip = withCreateOnly ? new Set<string>() : new Set(env.flow.createOnly);
  const patch: Record<string, Json> = {};
  for (const [k, v] of Object.entries(full)) {
    if (skip.has(k) || env.optoutFields.has(k) || k === env.flow.target.key) continue;
    const live = hit[k];
    const same = linkNames.includes(k)
      ? linkPKey(live) === linkPKey(v)
      : canonicalJson(live ?? null) === canonicalJson(v) || sameInstant(live, v);
    if (!same) patch[k] = v;
  }
  return patch;
}

/** Campaign returns datetimes as "YYYY-MM-DD hh:mm:ss.sssZ"; the same instant in ISO form is no change. */
function sameInstant(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !isTimestampText(a) || !isTimestampText(b))
    return false;
  const x = parseTimestamp(a);
  const y = parseTimestamp(b);
  return x !== null && y !== null && x.getTime() === y.getTime();
}

function linkPKey(v: unknown): unknown {
  return v !== null && typeof v === 'object' && 'PKey' in v ? (v as { PKey: unknown }).PKey : undefined;
}

export function guard<T>(fn: () => T, what: string): T {
  try {
    return fn();
  } catch (err) {
    throw new TransformError('FERRY_TRANSFORM', `${what} failed: ${messageOf(err)}`, { cause: err });
  }
}
