// The key index's previous layout (24 bytes a record plus its PKey in memory), kept only as the size bench's
// before-figure: the same records through both layouts in one run. Not used by ferry.
import type { KeyHash } from '../../runtime/engine/entity/key-index/hash.ts';
// The same answer type as the current index: the bench asks both layouts the same questions.
import type { IndexAnswer } from '../../runtime/engine/entity/key-index/table.ts';

const NOT_FOUND = -1;

function grow<T extends Uint32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * The record's href is not `<prefix><PKey>`, or two listed keys share a sort hash: ask the API instead. Kept in
 * the top bit of the slot's PKey offset, so the pool stays below 2^31 bytes (add() refuses more).
 */
const UNSURE = 0x8000_0000;
const OFFSET = 0x7fff_ffff;

/** The PKey pool's bound: past it add() throws and the index is not used (the planner looks records up). */
export const MAX_POOL = OFFSET;

export class KeyIndexFull extends Error {
  constructor(bound: number) {
    // Internal: the finder catches it like a failed listing and looks records up (never reaches a user).
    super(`key index PKeys exceed ${bound} bytes`);
  }
}

export class KeyIndex {
  private n = 0;
  private hash = new Uint32Array(3 * 1024); // hi, lo, check per slot
  private content = new Uint32Array(2 * 1024);
  /**
   * Per slot: offset of its PKey in the pool, unsure flag in the top bit. While adding: the END of slot i's
   * PKey (its start is the previous end). Sealed: n + 1 STARTS in key order (slot k's PKey ends where k + 1's starts).
   */
  private pkeyAt = new Uint32Array(1024);
  private pool = new Uint8Array(64 * 1024); // PKeys, ASCII, back to back
  private sealed = false;
  private readonly decoder = new TextDecoder();

  /**
   * `hrefPrefix`: every href the listing returned is this + PKey (checked per record in add()). `maxPool`: the
   * PKey bytes add() accepts (at most MAX_POOL; lower only to test the bound).
   */
  constructor(
    private readonly hrefPrefix: string,
    private readonly maxPool = MAX_POOL,
  ) {
    if (maxPool > MAX_POOL) throw new RangeError(`key index pool bound above ${MAX_POOL}`);
  }

  get size(): number {
    return this.n;
  }

  /** Bytes held by the arrays (reports). */
  get bytes(): number {
    return this.hash.byteLength + this.content.byteLength + this.pkeyAt.byteLength + this.pool.byteLength;
  }

  add(key: KeyHash, pkey: string, href: string, content: [number, number]): void {
    if (this.sealed) throw new Error('key index is sealed');
    const i = this.n;
    const start = i === 0 ? 0 : this.pkeyAt[i - 1]! & OFFSET;
    const bytes = Buffer.from(pkey, 'latin1');
    if (start + bytes.length > this.maxPool) throw new KeyIndexFull(this.maxPool);
    this.n++;
    this.hash = grow(this.hash, 3 * this.n);
    this.content = grow(this.content, 2 * this.n);
    this.pkeyAt = grow(this.pkeyAt, this.n + 1);
    this.hash.set([key.hi, key.lo, key.check], 3 * i);
    this.content.set(content, 2 * i);
    this.pool = grow(this.pool, start + bytes.length);
    this.pool.set(bytes, start);
    const fits = href === this.hrefPrefix + pkey && /^[\x20-\x7e]*$/.test(pkey);
    this.pkeyAt[i] = ((start + bytes.length) | (fits ? 0 : UNSURE)) >>> 0;
  }

  /**
   * Puts the slots, and the PKeys in the pool, in key-hash order in arrays of exactly n (no growth slack, no
   * order array kept): 24 bytes a record plus its PKey (and 4 bytes for the last end). Equal sort hashes are
   * all marked unsure. While sealing, the filled arrays (with their growth slack) and the exact ones coexist
   * until garbage collection, plus the order (4 B a record): as the 26-byte layout did, not less.
   */
  seal(): void {
    const n = this.n;
    const h = this.hash;
    const order = new Uint32Array(n).map((_, i) => i);
    order.sort((a, b) => h[3 * a]! - h[3 * b]! || h[3 * a + 1]! - h[3 * b + 1]!);
    // Hashes first: the filled hash and content arrays are garbage before the pool is copied.
    this.hash = inOrder(h, 3, order);
    this.content = inOrder(this.content, 2, order);
    this.sortPool(order);
    const hash = this.hash;
    for (let k = 1; k < n; k++)
      if (hash[3 * k] === hash[3 * k - 3] && hash[3 * k + 1] === hash[3 * k - 2]) {
        this.pkeyAt[k] = (this.pkeyAt[k]! | UNSURE) >>> 0;
        this.pkeyAt[k - 1] = (this.pkeyAt[k - 1]! | UNSURE) >>> 0;
      }
    this.sealed = true;
  }

  /** The PKeys copied in key order into a pool of exactly their bytes; offsets become n + 1 starts. */
  private sortPool(order: Uint32Array): void {
    const n = this.n;
    const ends = this.pkeyAt;
    const startOf = (s: number): number => (s === 0 ? 0 : ends[s - 1]! & OFFSET);
    const old = this.pool;
    const pool = new Uint8Array(n === 0 ? 0 : ends[n - 1]! & OFFSET);
    const pkeyAt = new Uint32Array(n + 1);
    let at = 0;
    for (let k = 0; k < n; k++) {
      const s = order[k]!;
      const from = startOf(s);
      const end = ends[s]! & OFFSET;
      pkeyAt[k] = (at | (ends[s]! & UNSURE)) >>> 0;
      for (let b = from; b < end; b++) pool[at++] = old[b]!; // a loop: no subarray object per record
    }
    pkeyAt[n] = at;
    this.pool = pool;
    this.pkeyAt = pkeyAt;
  }

  find(key: KeyHash): IndexAnswer {
    const slot = this.slotOf(key);
    if (slot === NOT_FOUND) return { kind: 'absent' };
    const at = this.pkeyAt[slot]!;
    if ((at & UNSURE) !== 0) return { kind: 'unsure' };
    // Same sort hash but another key (check differs): this key is not listed.
    if (this.hash[3 * slot + 2] !== key.check) return { kind: 'absent' };
    const pkey = this.decoder.decode(this.pool.subarray(at, this.pkeyAt[slot + 1]! & OFFSET));
    return {
      kind: 'hit',
      pkey,
      href: this.hrefPrefix + pkey,
      content: [this.content[2 * slot]!, this.content[2 * slot + 1]!],
    };
  }

  private slotOf(key: KeyHash): number {
    if (!this.sealed) throw new Error('key index is not sealed');
    const h = this.hash;
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = h[3 * mid]! - key.hi || h[3 * mid + 1]! - key.lo;
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return NOT_FOUND;
  }
}

/** `width` words a slot, slot k taking slot order[k], in a new array of exactly the slots. */
function inOrder(a: Uint32Array, width: number, order: Uint32Array): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(width * order.length);
  for (let k = 0, o = 0; k < order.length; k++) {
    const from = width * order[k]!;
    for (let w = 0; w < width; w++) out[o++] = a[from + w]!;
  }
  return out;
}
