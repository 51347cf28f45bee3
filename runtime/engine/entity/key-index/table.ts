// The compact key index: parallel typed arrays (no per-record objects or strings), sorted once by key hash.
import type { KeyHash } from './hash.ts';

const NOT_FOUND = -1;
/** The record's href is not `<prefix><PKey>`, or two listed keys share a sort hash: ask the API instead. */
const UNSURE = 1;

export type IndexAnswer =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unsure' }
  | {
      readonly kind: 'hit';
      readonly pkey: string;
      readonly href: string;
      readonly content: [number, number];
    };

function grow<T extends Uint32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Longest PKey kept in a sealed slot (one length byte); a longer one is marked unsure and looked up. */
const MAX_PKEY = 255;

export class KeyIndex {
  private n = 0;
  private hash = new Uint32Array(3 * 1024); // hi, lo, check per slot
  private content = new Uint32Array(2 * 1024);
  private flags = new Uint8Array(1024);
  /** While adding: end of each PKey in the pool. Sealed: start of each slot's PKey. */
  private pkeyAt = new Uint32Array(1024);
  /** Sealed only: PKey length per slot. */
  private pkeyLen = new Uint8Array(0);
  private pool = new Uint8Array(64 * 1024); // PKeys, ASCII, back to back
  private sealed = false;
  private readonly decoder = new TextDecoder();

  /** `hrefPrefix`: every href the listing returned is this + PKey (checked per record in add()). */
  constructor(private readonly hrefPrefix: string) {}

  get size(): number {
    return this.n;
  }

  /** Bytes held by the arrays (reports). */
  get bytes(): number {
    return (
      this.hash.byteLength +
      this.content.byteLength +
      this.flags.byteLength +
      this.pkeyAt.byteLength +
      this.pkeyLen.byteLength +
      this.pool.byteLength
    );
  }

  add(key: KeyHash, pkey: string, href: string, content: [number, number]): void {
    if (this.sealed) throw new Error('key index is sealed');
    const i = this.n++;
    this.hash = grow(this.hash, 3 * this.n);
    this.content = grow(this.content, 2 * this.n);
    this.flags = grow(this.flags, this.n);
    this.pkeyAt = grow(this.pkeyAt, this.n);
    this.hash.set([key.hi, key.lo, key.check], 3 * i);
    this.content.set(content, 2 * i);
    const start = i === 0 ? 0 : (this.pkeyAt[i - 1] as number);
    const bytes = Buffer.from(pkey, 'latin1');
    this.pool = grow(this.pool, start + bytes.length);
    this.pool.set(bytes, start);
    this.pkeyAt[i] = start + bytes.length;
    const fits = href === this.hrefPrefix + pkey && /^[\x20-\x7e]*$/.test(pkey) && bytes.length <= MAX_PKEY;
    this.flags[i] = fits ? 0 : UNSURE;
  }

  /**
   * Puts the slots in key-hash order in arrays of exactly n (no growth slack, no separate order array):
   * 26 bytes a record plus its PKey. Equal sort hashes are all marked unsure.
   */
  seal(): void {
    const n = this.n;
    const h = this.hash;
    const order = new Uint32Array(n).map((_, i) => i);
    order.sort((a, b) => h[3 * a]! - h[3 * b]! || h[3 * a + 1]! - h[3 * b + 1]!);
    const hash = new Uint32Array(3 * n);
    const content = new Uint32Array(2 * n);
    const flags = new Uint8Array(n);
    const pkeyAt = new Uint32Array(n);
    const pkeyLen = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const s = order[k]!;
      hash.set(h.subarray(3 * s, 3 * s + 3), 3 * k);
      content.set(this.content.subarray(2 * s, 2 * s + 2), 2 * k);
      flags[k] = this.flags[s]!;
      const start = s === 0 ? 0 : this.pkeyAt[s - 1]!;
      pkeyAt[k] = start;
      pkeyLen[k] = Math.min(MAX_PKEY, this.pkeyAt[s]! - start);
      if (k > 0 && hash[3 * k] === hash[3 * k - 3] && hash[3 * k + 1] === hash[3 * k - 2])
        flags[k] = flags[k - 1] = UNSURE;
    }
    this.pool = this.pool.slice(0, n === 0 ? 0 : this.pkeyAt[n - 1]);
    [this.hash, this.content, this.flags, this.pkeyAt, this.pkeyLen] = [
      hash,
      content,
      flags,
      pkeyAt,
      pkeyLen,
    ];
    this.sealed = true;
  }

  find(key: KeyHash): IndexAnswer {
    const slot = this.slotOf(key);
    if (slot === NOT_FOUND) return { kind: 'absent' };
    // Same sort hash but another key (check differs): this key is not listed.
    if (this.hash[3 * slot + 2] !== key.check && this.flags[slot] !== UNSURE) return { kind: 'absent' };
    if (this.flags[slot] === UNSURE) return { kind: 'unsure' };
    const start = this.pkeyAt[slot]!;
    const pkey = this.decoder.decode(this.pool.subarray(start, start + this.pkeyLen[slot]!));
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
