// One in-memory resource table: rows in insertion (sequence) order, PKey lookup, lazy equality indexes.
import type { Json } from '../common/json.ts';

export type Fields = Record<string, Json>;

export interface Row {
  readonly pkey: string;
  readonly seq: number;
  fields: Fields;
  deleted: boolean;
}

const indexKey = (v: Json | undefined): string | undefined =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? `${typeof v}:${String(v)}`
    : undefined;

export class Table {
  private rows: Row[] = [];
  private readonly byPkey = new Map<string, Row>();
  private readonly indexes = new Map<string, Map<string, Set<Row>>>();
  private nextSeq = 1;
  private dead = 0;
  /** Bumped on every write, so derived views (sorted pages) know when to rebuild. */
  version = 0;

  constructor(
    readonly name: string,
    private readonly pkeyOf: (seq: number) => string,
  ) {}

  get size(): number {
    return this.byPkey.size;
  }

  insert(fields: Fields): Row {
    const seq = this.nextSeq++;
    this.version++;
    const row: Row = { pkey: this.pkeyOf(seq), seq, fields, deleted: false };
    this.rows.push(row);
    this.byPkey.set(row.pkey, row);
    for (const [field, idx] of this.indexes) this.addToIndex(idx, field, row);
    return row;
  }

  get(pkey: string): Row | undefined {
    return this.byPkey.get(pkey);
  }

  update(row: Row, fields: Fields): void {
    this.version++;
    for (const [field, idx] of this.indexes) idx.get(indexKey(row.fields[field]) ?? '')?.delete(row);
    row.fields = fields;
    for (const [field, idx] of this.indexes) this.addToIndex(idx, field, row);
  }

  remove(row: Row): void {
    this.version++;
    for (const [field, idx] of this.indexes) idx.get(indexKey(row.fields[field]) ?? '')?.delete(row);
    row.deleted = true;
    this.byPkey.delete(row.pkey);
    // Compact lazily so deletes stay O(1) amortised.
    if (++this.dead > 1024 && this.dead > this.rows.length / 2) {
      this.rows = this.rows.filter((r) => !r.deleted);
      this.dead = 0;
    }
  }

  /** Rows whose `field` equals `value`, in sequence order (an index is built on first use). */
  find(field: string, value: Json): Row[] {
    let idx = this.indexes.get(field);
    if (!idx) {
      idx = new Map();
      for (const r of this.rows) if (!r.deleted) this.addToIndex(idx, field, r);
      this.indexes.set(field, idx);
    }
    const key = indexKey(value);
    return key === undefined ? [] : [...(idx.get(key) ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /** Live rows with seq > `afterSeq`, in order, lazily. */
  *scan(afterSeq = 0): Generator<Row> {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.rows[mid]?.seq ?? 0) <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.rows.length; i++) {
      const r = this.rows[i];
      if (r && !r.deleted) yield r;
    }
  }

  private addToIndex(idx: Map<string, Set<Row>>, field: string, row: Row): void {
    const key = indexKey(row.fields[field]);
    if (key === undefined) return;
    let set = idx.get(key);
    if (!set) idx.set(key, (set = new Set()));
    set.add(row);
  }
}
