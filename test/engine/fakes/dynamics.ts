// In-memory Dynamics Web API port: tables with a change log (delta links with versions, $deletedEntity),
// paging, upsert by id or alternate key, and fault injection.
import type { SourceRow } from '../../../runtime/contract.ts';
import { HttpError } from '../../../core/errors.ts';
import type { DynamicsPage, DynamicsPort, DynamicsWrite, WriteResult } from '../../../runtime/ports.ts';
import type { FakeClock } from './clock.ts';

type Row = Record<string, unknown>;
interface Change {
  readonly version: number;
  readonly id: string;
  readonly deleted: boolean;
}
interface Table {
  readonly primaryKey: string;
  readonly rows: Map<string, Row>;
  readonly log: Change[];
}

let guidSeq = 0;
export function guid(n?: number): string {
  const v = (n ?? ++guidSeq).toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${v}`;
}

export class FakeDynamics implements DynamicsPort {
  readonly stats = { requests: 0 };
  readonly tables = new Map<string, Table>();
  readonly writes: DynamicsWrite[] = [];
  pageSize = 50;
  private version = 0;
  /** Delta links older than this version answer 400 (expired token). */
  expiredBefore = 0;
  /** Return a failure for a write, or null. */
  failWrite: ((w: DynamicsWrite) => { status: number; error: string } | null) | null = null;
  /** Throw (network-like) on the next upsert calls while > 0. */
  crashUpserts = 0;
  attributes = new Map<string, Map<string, string>>();

  constructor(private readonly clock: FakeClock) {}

  table(entitySet: string, primaryKey = 'id'): Table {
    let t = this.tables.get(entitySet);
    if (t === undefined) this.tables.set(entitySet, (t = { primaryKey, rows: new Map(), log: [] }));
    return t;
  }

  put(entitySet: string, primaryKey: string, row: Row): void {
    const t = this.table(entitySet, primaryKey);
    const id = String(row[primaryKey]);
    t.rows.set(id, { ...(t.rows.get(id) ?? {}), ...row, modifiedon: this.clock.now().toISOString() });
    t.log.push({ version: ++this.version, id, deleted: false });
  }

  remove(entitySet: string, id: string): void {
    const t = this.table(entitySet);
    t.rows.delete(id);
    t.log.push({ version: ++this.version, id, deleted: true });
  }

  async *readAll(q: {
    entitySet: string;
    select: readonly string[];
    filter: string | null;
  }): AsyncIterable<DynamicsPage> {
    // $filter is not evaluated by the fake; the engine never relies on it for correctness.
    yield* this.pages([...this.table(q.entitySet).rows.values()], [], q.select, undefined);
  }

  async *startTracking(q: { entitySet: string; select: readonly string[] }): AsyncIterable<DynamicsPage> {
    const link = `delta:${q.entitySet}:${this.version}:${q.select.join(',')}`;
    yield* this.pages([...this.table(q.entitySet).rows.values()], [], q.select, link);
  }

  async *readDelta(deltaLink: string): AsyncIterable<DynamicsPage> {
    const [, entitySet = '', v = '0', sel = ''] = deltaLink.split(':');
    const since = Number(v);
    if (since < this.expiredBefore) {
      this.stats.requests++;
      throw new HttpError('FERRY_HTTP_STATUS', 'Delta token expired (0x80044352)', {
        status: 400,
      });
    }
    const t = this.table(entitySet);
    const last = new Map<string, boolean>();
    for (const c of t.log) if (c.version > since) last.set(c.id, c.deleted);
    const rows: Row[] = [];
    const deleted: string[] = [];
    for (const [id, del] of last) {
      const row = t.rows.get(id);
      if (del || row === undefined) deleted.push(id);
      else rows.push(row);
    }
    yield* this.pages(rows, deleted, sel.split(','), `delta:${entitySet}:${this.version}:${sel}`);
  }

  private async *pages(
    rows: readonly Row[],
    deleted: readonly string[],
    select: readonly string[],
    link: string | undefined,
  ): AsyncIterable<DynamicsPage> {
    const project = (r: Row): SourceRow =>
      Object.fromEntries(select.filter((s) => s !== '').map((s) => [s, r[s] ?? null]));
    const total = Math.max(1, Math.ceil(rows.length / this.pageSize));
    for (let p = 0; p < total; p++) {
      this.stats.requests++;
      const lastPage = p === total - 1;
      const page: DynamicsPage = {
        rows: rows.slice(p * this.pageSize, (p + 1) * this.pageSize).map(project),
        deleted: lastPage ? deleted : [],
        ...(lastPage && link !== undefined ? { deltaLink: link } : {}),
      };
      yield page;
    }
  }

  async upsert(writes: readonly DynamicsWrite[]): Promise<readonly WriteResult[]> {
    this.stats.requests++;
    if (this.crashUpserts > 0) {
      this.crashUpserts--;
      throw new HttpError('FERRY_HTTP_NETWORK', 'socket hang up', { details: { code: 'ECONNRESET' } });
    }
    return writes.map((w) => {
      const fail = this.failWrite?.(w) ?? null;
      if (fail !== null) return { ref: w.ref, ok: false, status: fail.status, error: fail.error };
      this.writes.push(w);
      const t = this.table(w.entitySet, 'activityid');
      const alt = /^(\w+)='(.*)'$/s.exec(w.key);
      let id = w.key;
      let seed: Row = { [t.primaryKey]: id };
      if (alt !== null) {
        const value = (alt[2] as string).replaceAll("''", "'");
        id = [...t.rows.entries()].find(([, r]) => r[alt[1] as string] === value)?.[0] ?? guid();
        seed = { [t.primaryKey]: id, [alt[1] as string]: value };
      }
      const created = !t.rows.has(id);
      t.rows.set(id, { ...(t.rows.get(id) ?? seed), ...w.body, modifiedon: this.clock.now().toISOString() });
      t.log.push({ version: ++this.version, id, deleted: false });
      return { ref: w.ref, ok: true, status: created ? 201 : 204 };
    });
  }

  async getByIds(q: {
    entitySet: string;
    primaryKey: string;
    select: readonly string[];
    ids: readonly string[];
  }): Promise<readonly SourceRow[]> {
    this.stats.requests++;
    const t = this.table(q.entitySet, q.primaryKey);
    return q.ids.flatMap((id) => {
      const r = t.rows.get(id);
      return r === undefined ? [] : [Object.fromEntries(q.select.map((s) => [s, r[s] ?? null]))];
    });
  }

  async attributeTypes(entity: string): Promise<ReadonlyMap<string, string>> {
    this.stats.requests++;
    return this.attributes.get(entity) ?? new Map();
  }
}
