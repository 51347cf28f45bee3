// In-memory Campaign data: one Table per resource, identification-key uniqueness, timestamps, history.
import type { CampaignSchema, ResourceDef } from './model.ts';
import type { Json } from '../common/json.ts';
import type { Clock } from '../common/clock.ts';
import { EngineError } from './errors.ts';
import { decodePKey, makePKey } from './pkey.ts';
import type { Fields, Row } from './table.ts';
import { Table } from './table.ts';
import { campaignTimestamp } from './time.ts';

export interface HistoryEvent {
  readonly pkey: string;
  readonly category: string;
  readonly date: string;
  readonly label: string;
  readonly type: string;
}

const same = (a: Json | undefined, b: Json | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export class CampaignStore {
  private readonly tables = new Map<string, Table>();
  /** Marketing history per profile PKey (fed by the journal's delivery simulation). */
  readonly history = new Map<string, HistoryEvent[]>();
  private historySeq = 0;

  constructor(
    readonly metadata: CampaignSchema,
    readonly seed: number,
    readonly clock: Clock,
  ) {
    for (const name of metadata.resources.keys())
      this.tables.set(
        name,
        new Table(
          name,
          (seq) => makePKey(seed, name, seq),
          (pkey) => decodePKey(seed, name, pkey),
        ),
      );
  }

  resource(name: string): ResourceDef | undefined {
    return this.metadata.resources.get(name);
  }

  table(name: string): Table {
    const t = this.tables.get(name);
    if (!t) throw new EngineError(`Unknown resource '${name}'`, 404);
    return t;
  }

  linkExists = (target: string, pkey: string): boolean => this.tables.get(target)?.get(pkey) !== undefined;

  /** Inserts a validated record; `at` overrides the timestamps (seeding pre-existing data). */
  create(resource: string, fields: Fields, at?: { created?: number; lastModified?: number }): Row {
    const res = this.metadata.resources.get(resource);
    const table = this.table(resource);
    if (res) this.checkKeys(res, table, fields, undefined);
    const now = this.clock.now();
    return table.insert({
      ...fields,
      created: campaignTimestamp(at?.created ?? now),
      lastModified: campaignTimestamp(at?.lastModified ?? at?.created ?? now),
    });
  }

  /** Applies a validated patch; returns false when nothing changed (no timestamp bump). */
  patch(resource: string, row: Row, fields: Fields): boolean {
    const res = this.metadata.resources.get(resource);
    const changed = Object.entries(fields).filter(([k, v]) => !same(row.fields[k], v));
    if (changed.length === 0) return false;
    if (res) {
      // "A custom key cannot be changed with PATCH" (must-read.md); setting a key that was empty is allowed.
      for (const [k] of changed) {
        if (
          res.keys.some((key) => key.includes(k)) &&
          row.fields[k] !== undefined &&
          row.fields[k] !== null
        ) {
          throw new EngineError(
            `The '${k}' property belongs to an identification key and cannot be modified`,
          );
        }
      }
      this.checkKeys(res, this.table(resource), { ...row.fields, ...fields }, row);
    }
    this.table(resource).update(row, {
      ...row.fields,
      ...Object.fromEntries(changed),
      lastModified: campaignTimestamp(this.clock.now()),
    });
    return true;
  }

  remove(resource: string, row: Row): void {
    this.table(resource).remove(row);
    this.history.delete(row.pkey);
  }

  addHistory(profilePKey: string, e: { category: string; date: string; label: string; type: string }): void {
    const list = this.history.get(profilePKey) ?? [];
    list.push({ pkey: makePKey(this.seed, 'subHisto', ++this.historySeq), ...e });
    this.history.set(profilePKey, list);
  }

  private checkKeys(res: ResourceDef, table: Table, fields: Fields, self: Row | undefined): void {
    for (const key of res.keys) {
      const [first, ...rest] = key;
      const v = first === undefined ? undefined : fields[first];
      if (first === undefined || v === undefined || v === null || v === '') continue;
      const clash = table
        .find(first, v)
        .find((r) => r.seq !== self?.seq && rest.every((k) => same(r.fields[k], fields[k])));
      // Duplicate-key status/body are unverified (reference §6: 'a "duplicate key" error').
      if (clash)
        throw new EngineError(
          `duplicate key value violates unique constraint on '${res.name}' (${key.join(', ')})`,
        );
    }
  }
}
