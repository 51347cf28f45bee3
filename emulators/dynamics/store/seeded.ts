// Rows of one table: those written (a Map) over an optional seeded range whose rows are computed from their
// index on demand. A seeded row costs 9 bytes (a sorted id-hash slot and a shadow flag) instead of an object,
// so tens of millions fit; a Map also stops at 2^24 entries.
import type { Row } from './row.ts';

/** Rows 0..count-1 of a deterministic generator; row i carries version `firstVersion + i`. */
export interface SeededSource {
  readonly count: number;
  readonly firstVersion: number;
  /** Primary key of row i, lower-case. */
  idAt(i: number): string;
  /** Row i as stored (primary key, versionnumber, timestamps and computed columns filled). */
  rowAt(i: number): Row;
}

/** 32-bit FNV-1a of a string: spreads GUIDs and any other id evenly. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** id -> index through one sorted Float64Array of `hash * 2^bits + index` (exact below 2^53). */
class IdIndex {
  private readonly keys: Float64Array;
  private readonly scale: number;
  private readonly shift: number;

  constructor(private readonly source: SeededSource) {
    const bits = Math.max(1, Math.ceil(Math.log2(source.count + 1)));
    this.scale = 2 ** bits;
    // Hash bits left once the index bits are taken (53 - bits, at most 32).
    this.shift = Math.max(0, 32 - (53 - bits));
    this.keys = new Float64Array(source.count);
    for (let i = 0; i < source.count; i++) this.keys[i] = this.hashOf(source.idAt(i)) * this.scale + i;
    this.keys.sort();
  }

  private hashOf(id: string): number {
    return fnv(id) >>> this.shift;
  }

  /** Index of the row with this id, or -1; equal hashes are told apart by recomputing the id. */
  find(id: string): number {
    const h = this.hashOf(id);
    const lowest = h * this.scale;
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as number) < lowest) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < this.keys.length; k++) {
      const key = this.keys[k] as number;
      if (Math.floor(key / this.scale) !== h) break;
      const i = key - h * this.scale;
      if (this.source.idAt(i) === id) return i;
    }
    return -1;
  }
}

/** Map-shaped (get, set, delete, size, values) so the handlers read seeded and written rows alike. */
export class RowMap {
  private readonly written = new Map<string, Row>();
  private source: SeededSource | undefined;
  private ids: IdIndex | undefined;
  /** 1 where a seeded row was written over or deleted: the seeded copy no longer answers. */
  private shadowed = new Uint8Array(0);
  private shadowedCount = 0;

  get seeded(): SeededSource | undefined {
    return this.source;
  }

  /** Mounts a seeded range (only on an empty table). */
  seed(source: SeededSource): void {
    this.source = source;
    this.ids = new IdIndex(source);
    this.shadowed = new Uint8Array(source.count);
    this.shadowedCount = 0;
  }

  /** Rows held as objects (written over the seeded range, or without one). */
  get writtenSize(): number {
    return this.written.size;
  }

  get size(): number {
    return this.written.size + (this.source?.count ?? 0) - this.shadowedCount;
  }

  /** Seeded index of `id` when its seeded copy still answers, else -1. */
  private live(id: string): number {
    const i = this.ids?.find(id) ?? -1;
    return i >= 0 && this.shadowed[i] === 0 ? i : -1;
  }

  get(id: string): Row | undefined {
    const w = this.written.get(id);
    if (w !== undefined || this.source === undefined) return w;
    const i = this.live(id);
    return i < 0 ? undefined : this.source.rowAt(i);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  set(id: string, row: Row): this {
    const i = this.ids?.find(id) ?? -1;
    if (i >= 0 && this.source !== undefined && row.versionnumber === this.source.firstVersion + i) {
      // The seeded version itself put back (undo of a failed change set): the seeded copy answers again.
      this.written.delete(id);
      this.shade(i, 0);
      return this;
    }
    if (i >= 0) this.shade(i, 1);
    this.written.set(id, row);
    return this;
  }

  delete(id: string): boolean {
    const had = this.written.delete(id);
    const i = this.live(id);
    if (i >= 0) this.shade(i, 1);
    return had || i >= 0;
  }

  private shade(i: number, on: 0 | 1): void {
    if (this.shadowed[i] === on) return;
    this.shadowed[i] = on;
    this.shadowedCount += on === 1 ? 1 : -1;
  }

  /** Seeded rows still answering, in index order, then written rows in write order. */
  *values(): Generator<Row> {
    const s = this.source;
    if (s !== undefined) for (let i = 0; i < s.count; i++) if (this.shadowed[i] === 0) yield s.rowAt(i);
    yield* this.written.values();
  }

  *keys(): Generator<string> {
    for (const r of this.entries()) yield r[0];
  }

  /** [id, row] pairs in values() order (what iterating a Map gives). */
  *entries(): Generator<[string, Row]> {
    const s = this.source;
    if (s !== undefined)
      for (let i = 0; i < s.count; i++) if (this.shadowed[i] === 0) yield [s.idAt(i), s.rowAt(i)];
    yield* this.written.entries();
  }

  [Symbol.iterator](): Generator<[string, Row]> {
    return this.entries();
  }

  /** Seeded rows still answering whose version is in (after, upTo], in version order. */
  *seededSince(after: number, upTo: number): Generator<Row> {
    const s = this.source;
    if (s === undefined) return;
    const from = Math.max(0, after + 1 - s.firstVersion);
    const to = Math.min(s.count, upTo + 1 - s.firstVersion);
    for (let i = from; i < to; i++) if (this.shadowed[i] === 0) yield s.rowAt(i);
  }
}
