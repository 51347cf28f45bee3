// One Dataverse table in memory: rows by id, a version-ordered change log, tombstones and alternate-key indexes.
import type { EntityDef } from '../schema/model.ts';
import { derivationFor, type Derive } from './computed.ts';
import type { Row } from './row.ts';
import { RowMap } from './seeded.ts';

export type { Row } from './row.ts';

export interface Tombstone {
  readonly v: number;
  readonly id: string;
}

/** Undo hook supplied by the store while a change set / bulk action runs. */
export type UndoSink = (undo: () => void) => void;

export class Table {
  /** Written rows over any seeded range (see seeded.ts). */
  readonly rows = new RowMap();
  readonly tombstones: Tombstone[] = [];
  /** Parallel arrays sorted by version; entries go stale when the row changes again (skipped on read). */
  private logV: number[] = [];
  private logId: string[] = [];
  private readonly altIndexes: Map<string, string>[];
  /** Set once two rows held the same alternate-key values (direct sandbox writes skip validation): the index is then lossy. */
  altKeyShared = false;
  private readonly derive: Derive | undefined;

  constructor(
    readonly entity: EntityDef,
    private readonly undo: () => UndoSink | undefined,
  ) {
    this.altIndexes = entity.alternateKeys.map(() => new Map());
    this.derive = derivationFor(entity);
  }

  /** `row` with the computed columns filled, as put() stores it. */
  derived(row: Row): Row {
    this.derive?.(row);
    return row;
  }

  get pk(): string {
    return this.entity.primaryKey;
  }

  get(id: string): Row | undefined {
    return this.rows.get(id);
  }

  /** Key string of a row for alternate key `k`, or undefined when a part is null. */
  altKeyOf(k: number, values: Readonly<Record<string, unknown>>): string | undefined {
    const cols = this.entity.alternateKeys[k] ?? [];
    const parts: string[] = [];
    for (const c of cols) {
      const v = values[c];
      if (v === null || v === undefined) return undefined;
      // SQL collation: string keys match case-insensitively.
      parts.push(typeof v === 'string' ? v.toLowerCase() : String(v));
    }
    return JSON.stringify(parts);
  }

  findByAltKey(k: number, values: Readonly<Record<string, unknown>>): Row | undefined {
    const key = this.altKeyOf(k, values);
    const id = key === undefined ? undefined : this.altIndexes[k]?.get(key);
    return id === undefined ? undefined : this.rows.get(id);
  }

  /** Alternate key index violated by `row` (another row holds the same values), or -1. */
  altKeyConflict(row: Readonly<Record<string, unknown>>, id: string): number {
    for (let k = 0; k < this.altIndexes.length; k++) {
      const key = this.altKeyOf(k, row);
      const holder = key === undefined ? undefined : this.altIndexes[k]?.get(key);
      if (holder !== undefined && holder !== id) return k;
    }
    return -1;
  }

  /** Stores a new version of a row (caller set `versionnumber` from the store's counter). */
  put(row: Row): void {
    // Computed columns are recomputed on every stored version, whichever path wrote it.
    this.derive?.(row);
    const id = row[this.pk] as string;
    const prev = this.rows.get(id);
    this.undo()?.(() => this.restore(id, prev, row));
    this.unindex(id, prev);
    this.rows.set(id, row);
    this.index(id, row);
    this.logV.push(row.versionnumber);
    this.logId.push(id);
    this.maybeCompact();
  }

  delete(id: string, version: number): Row | undefined {
    const prev = this.rows.get(id);
    if (prev === undefined) return undefined;
    const tombLen = this.tombstones.length;
    this.undo()?.(() => {
      this.tombstones.length = tombLen;
      this.restore(id, prev, undefined);
    });
    this.unindex(id, prev);
    this.rows.delete(id);
    this.tombstones.push({ v: version, id });
    return prev;
  }

  /** Rows whose current version is in (after, upTo], in version order. */
  *changedSince(after: number, upTo = Number.MAX_SAFE_INTEGER): Generator<Row> {
    let lo = 0;
    let hi = this.logV.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.logV[mid] as number) <= after) lo = mid + 1;
      else hi = mid;
    }
    // Seeded rows and logged writes merged by version (a seeded row written over is skipped: its write is logged).
    const seeded = this.rows.seededSince(after, upTo);
    let s = seeded.next();
    for (let i = lo; i < this.logV.length; i++) {
      const v = this.logV[i] as number;
      if (v > upTo) break;
      for (; !s.done && s.value.versionnumber < v; s = seeded.next()) yield s.value;
      const row = this.rows.get(this.logId[i] as string);
      if (row !== undefined && row.versionnumber === v) yield row;
    }
    for (; !s.done; s = seeded.next()) yield s.value;
  }

  /** Tombstones in (after, upTo], in version order. */
  deletedSince(after: number, upTo = Number.MAX_SAFE_INTEGER): Tombstone[] {
    // Tombstones are appended with increasing versions (undo only truncates): binary search, O(log n + changes).
    const from = this.firstTombAfter(after);
    const to = this.firstTombAfter(upTo);
    return this.tombstones.slice(from, to);
  }

  private firstTombAfter(v: number): number {
    let lo = 0;
    let hi = this.tombstones.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.tombstones[mid] as Tombstone).v <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private restore(id: string, prev: Row | undefined, _replaced: Row | undefined): void {
    this.unindex(id, this.rows.get(id));
    if (prev === undefined) this.rows.delete(id);
    else {
      // The old log entry (prev.versionnumber) becomes valid again; no log write needed.
      this.rows.set(id, prev);
      this.index(id, prev);
    }
  }

  private index(id: string, row: Row | undefined): void {
    if (row === undefined) return;
    this.altIndexes.forEach((m, k) => {
      const key = this.altKeyOf(k, row);
      if (key === undefined) return;
      const holder = m.get(key);
      if (holder !== undefined && holder !== id) this.altKeyShared = true;
      m.set(key, id);
    });
  }

  private unindex(id: string, row: Row | undefined): void {
    if (row === undefined) return;
    this.altIndexes.forEach((m, k) => {
      const key = this.altKeyOf(k, row);
      if (key !== undefined && m.get(key) === id) m.delete(key);
    });
  }

  private maybeCompact(): void {
    // Rebuild only outside transactions: undo relies on old log entries staying in place.
    if (this.undo() !== undefined || this.logV.length < 2 * this.rows.writtenSize + 1024) return;
    const v: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < this.logV.length; i++) {
      const row = this.rows.get(this.logId[i] as string);
      if (row !== undefined && row.versionnumber === this.logV[i]) {
        v.push(this.logV[i] as number);
        ids.push(this.logId[i] as string);
      }
    }
    this.logV = v;
    this.logId = ids;
  }
}
