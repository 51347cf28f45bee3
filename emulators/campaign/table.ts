// One resource table: rows in insertion (sequence) order in typed arrays, bodies in a RowPool (off the JS
// heap), PKeys decoded to their sequence number instead of a Map, lazy equality indexes of hashes. Rows
// handed out are fresh objects: callers tell rows apart by `seq`, never by identity.
import type { Json } from '../common/json.ts';
import { RowPool, type Fields, type Slot } from './row-pool.ts';
import { ValueIndex } from './value-index.ts';

export type { Fields } from './row-pool.ts';

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

function grow<T extends Uint32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export class Table {
  private readonly pool = new RowPool();
  // Per position (insertion order): seq, deleted flag and where the body is.
  private seqs = new Uint32Array(1024);
  private dead = new Uint8Array(1024);
  private chunk = new Uint32Array(1024);
  private offset = new Uint32Array(1024);
  private length = new Uint32Array(1024);
  private shape = new Uint32Array(1024);
  private n = 0;
  private live = 0;
  private deadCount = 0;
  private readonly indexes = new Map<string, ValueIndex>();
  private nextSeq = 1;
  /** Bumped on every write, so derived views (sorted pages) know when to rebuild. */
  version = 0;

  constructor(
    readonly name: string,
    private readonly pkeyOf: (seq: number) => string,
    /** The seq a PKey of this table encodes, or undefined (see pkey.ts). */
    private readonly seqOf: (pkey: string) => number | undefined,
  ) {}

  get size(): number {
    return this.live;
  }

  insert(fields: Fields): Row {
    const seq = this.nextSeq++;
    this.version++;
    const p = this.n++;
    this.seqs = grow(this.seqs, this.n);
    this.dead = grow(this.dead, this.n);
    this.chunk = grow(this.chunk, this.n);
    this.offset = grow(this.offset, this.n);
    this.length = grow(this.length, this.n);
    this.shape = grow(this.shape, this.n);
    this.seqs[p] = seq;
    this.dead[p] = 0;
    this.store(p, fields);
    this.live++;
    for (const [field, idx] of this.indexes) this.indexAdd(idx, field, fields, seq);
    return this.rowAt(p);
  }

  get(pkey: string): Row | undefined {
    const seq = this.seqOf(pkey);
    const p = seq === undefined ? -1 : this.position(seq);
    return p < 0 || this.dead[p] === 1 ? undefined : this.rowAt(p);
  }

  update(row: Row, fields: Fields): void {
    const p = this.position(row.seq);
    if (p < 0 || this.dead[p] === 1) return;
    this.version++;
    const old = this.bodyAt(p);
    for (const [field, idx] of this.indexes) this.indexRemove(idx, field, old, row.seq);
    this.store(p, fields);
    row.fields = fields;
    for (const [field, idx] of this.indexes) this.indexAdd(idx, field, fields, row.seq);
  }

  remove(row: Row): void {
    const p = this.position(row.seq);
    row.deleted = true;
    if (p < 0 || this.dead[p] === 1) return;
    this.version++;
    const old = this.bodyAt(p);
    for (const [field, idx] of this.indexes) this.indexRemove(idx, field, old, row.seq);
    this.dead[p] = 1;
    this.live--;
    // Compact lazily so deletes stay O(1) amortised.
    if (++this.deadCount > 1024 && this.deadCount > this.n / 2) this.compact();
  }

  /** Rows whose `field` equals `value`, in sequence order (an index is built on first use). */
  find(field: string, value: Json): Row[] {
    let idx = this.indexes.get(field);
    if (!idx) {
      idx = new ValueIndex();
      for (let p = 0; p < this.n; p++)
        if (this.dead[p] === 0) this.indexAdd(idx, field, this.bodyAt(p), this.seqs[p] as number);
      this.indexes.set(field, idx);
    }
    const key = indexKey(value);
    if (key === undefined) return [];
    const rows: Row[] = [];
    for (const seq of idx.candidates(key).sort((a, b) => a - b)) {
      const p = this.position(seq);
      const row = p < 0 ? undefined : this.rowAt(p);
      // Same hash, other value: not a match.
      if (row !== undefined && indexKey(row.fields[field]) === key) rows.push(row);
    }
    return rows;
  }

  /** Live rows with seq > `afterSeq`, in order, lazily. */
  *scan(afterSeq = 0): Generator<Row> {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] as number) <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    // Positions move only when compacting; restart from the last seq seen if they did.
    for (let p = lo, last = afterSeq; p < this.n; p++) {
      if ((this.seqs[p] as number) <= last) {
        yield* this.scan(last);
        return;
      }
      last = this.seqs[p] as number;
      if (this.dead[p] === 0) yield this.rowAt(p);
    }
  }

  private store(p: number, fields: Fields): void {
    const s = this.pool.put(fields);
    this.chunk[p] = s.chunk;
    this.offset[p] = s.offset;
    this.length[p] = s.length;
    this.shape[p] = s.shape;
  }

  private bodyAt(p: number): Fields {
    const s: Slot = {
      chunk: this.chunk[p] as number,
      offset: this.offset[p] as number,
      length: this.length[p] as number,
      shape: this.shape[p] as number,
    };
    return this.pool.get(s);
  }

  private rowAt(p: number): Row {
    const seq = this.seqs[p] as number;
    return { pkey: this.pkeyOf(seq), seq, fields: this.bodyAt(p), deleted: this.dead[p] === 1 };
  }

  /** Position of `seq` (seqs are increasing), or -1. */
  private position(seq: number): number {
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.seqs[mid] as number;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private compact(): void {
    let w = 0;
    for (let p = 0; p < this.n; p++) {
      if (this.dead[p] === 1) continue;
      for (const a of [this.seqs, this.dead, this.chunk, this.offset, this.length, this.shape])
        a[w] = a[p] as number;
      w++;
    }
    this.n = w;
    this.deadCount = 0;
  }

  private indexAdd(idx: ValueIndex, field: string, fields: Fields, seq: number): void {
    const key = indexKey(fields[field]);
    if (key !== undefined) idx.add(key, seq);
  }

  private indexRemove(idx: ValueIndex, field: string, fields: Fields, seq: number): void {
    const key = indexKey(fields[field]);
    if (key !== undefined) idx.remove(key, seq);
  }
}
