// Point-in-time copies of both emulators' data, read straight from their stores (no API, no ferry code).
import type { Sandbox } from '../../emulators/sandbox/index.ts';
import type { EmailEvent } from '../../emulators/journal/payload.ts';
import type { Flow, Json } from '../../runtime/contract.ts';

export type SourceRow = Readonly<Record<string, unknown>>;
export interface TargetRow {
  readonly pkey: string;
  readonly fields: Readonly<Record<string, Json>>;
}

export interface Snapshot {
  /** Dynamics logical name -> id -> row copy. */
  readonly dynamics: ReadonlyMap<string, ReadonlyMap<string, SourceRow>>;
  /** Campaign resource -> PKey -> record copy. */
  readonly campaign: ReadonlyMap<string, ReadonlyMap<string, TargetRow>>;
}

export function takeSnapshot(
  sandbox: Sandbox,
  tables: readonly string[],
  resources: readonly string[],
): Snapshot {
  const dynamics = new Map<string, Map<string, SourceRow>>();
  for (const t of tables) {
    const rows = new Map<string, SourceRow>();
    for (const [id, row] of sandbox.dynamics.store.table(t)?.rows ?? []) rows.set(id, { ...row });
    dynamics.set(t, rows);
  }
  const campaign = new Map<string, Map<string, TargetRow>>();
  for (const r of resources) {
    const rows = new Map<string, TargetRow>();
    for (const row of sandbox.campaign.store.table(r).scan())
      rows.set(row.pkey, { pkey: row.pkey, fields: structuredClone(row.fields) });
    campaign.set(r, rows);
  }
  return { dynamics, campaign };
}

/** Records of one resource by the value of their key field (several when the key is not unique). */
// Memoised per (rows, key): the verifier asks for the same index once per checked link.
const indexes = new WeakMap<ReadonlyMap<string, TargetRow>, Map<string, Map<string, TargetRow[]>>>();

export function byKey(
  rows: ReadonlyMap<string, TargetRow> | undefined,
  key: string,
): Map<string, TargetRow[]> {
  if (rows === undefined) return new Map();
  const perKey = indexes.get(rows) ?? new Map<string, Map<string, TargetRow[]>>();
  indexes.set(rows, perKey);
  const cached = perKey.get(key);
  if (cached !== undefined) return cached;
  const out = new Map<string, TargetRow[]>();
  for (const r of rows.values()) {
    const v = r.fields[key];
    if (typeof v !== 'string' || v === '') continue;
    const k = v.toLowerCase();
    const list = out.get(k);
    if (list === undefined) out.set(k, [r]);
    else list.push(r);
  }
  perKey.set(key, out);
  return out;
}

export const rowsOf = (s: Snapshot, table: string): ReadonlyMap<string, SourceRow> =>
  s.dynamics.get(table) ?? new Map();
export const recordsOf = (s: Snapshot, resource: string): ReadonlyMap<string, TargetRow> =>
  s.campaign.get(resource) ?? new Map();

/** Source tables and activity tables the flows read or write. */
export function tablesOf(flows: readonly Flow[]): string[] {
  const out = new Set<string>();
  for (const f of flows) {
    if (f.kind === 'entity' || f.kind === 'optout') out.add(f.source.entity);
    if (f.kind === 'events') {
      out.add(f.contact.entity);
      for (const t of Object.values(f.types)) {
        out.add(t.entity);
        if (t.followUp) out.add(t.followUp.entity);
      }
    }
  }
  return [...out];
}

export function resourcesOf(flows: readonly Flow[]): string[] {
  return [...new Set(flows.flatMap((f) => (f.kind === 'events' ? [] : [f.target.resource])))];
}

/** Every event the journal still holds, oldest first. */
export function journalEvents(sandbox: Sandbox): EmailEvent[] {
  const out: EmailEvent[] = [];
  let since: string | null = null;
  for (;;) {
    const r = sandbox.journal.journal.read(since, 10_000);
    if (r.kind !== 'events') return out;
    for (const rec of r.records) out.push(rec.event);
    since = r.records[r.records.length - 1]?.position ?? null;
  }
}
