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

export class KeyIndex {
  private n = 0;
  private hash = new Uint32Array(3 * 1024); // hi, lo, check per slot
  private content = new Uint32Array(2 * 1024);
  private flags = new Uint8Array(1024);
  private pkeyEnd = new Uint32Array(1024);
  private pool = new Uint8Array(64 * 1024); // PKeys, ASCII, back to back
  private order: Uint32Array | null = null;
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
      this.pkeyEnd.byteLength +
      this.pool.byteLength +
      (this.order?.byteLength ?? 0)
    );
  }

  add(key: KeyHash, pkey: string, href: string, content: [number, number]): void {
    if (this.order !== null) throw new Error('key index is sealed');
    const i = this.n++;
    this.hash = grow(this.hash, 3 * this.n);
    this.content = grow(this.content, 2 * this.n);
    this.flags = grow(this.flags, this.n);
    this.pkeyEnd = grow(this.pkeyEnd, this.n);
    this.hash.set([key.hi, key.lo, key.check], 3 * i);
    this.content.set(content, 2 * i);
    const start = i === 0 ? 0 : (this.pkeyEnd[i - 1] as number);
    const bytes = Buffer.from(pkey, 'latin1');
    this.pool = grow(this.pool, start + bytes.length);
    this.pool.set(bytes, start);
    this.pkeyEnd[i] = start + bytes.length;
    this.flags[i] = href === this.hrefPrefix + pkey && /^[\x20-\x7e]*$/.test(pkey) ? 0 : UNSURE;
  }

  /** Sorts the slots by key hash; equal sort hashes are all marked unsure. */
  seal(): void {
    const h = this.hash;
    const order = new Uint32Array(this.n).map((_, i) => i);
    order.sort((a, b) => h[3 * a]! - h[3 * b]! || h[3 * a + 1]! - h[3 * b + 1]!);
    for (let k = 1; k < order.length; k++) {
      const a = order[k - 1]!;
      const b = order[k]!;
      if (h[3 * a] === h[3 * b] && h[3 * a + 1] === h[3 * b + 1]) this.flags[a] = this.flags[b] = UNSURE;
    }
    this.order = order;
  }

  find(key: KeyHash): IndexAnswer {
    const slot = this.slotOf(key);
    if (slot === NOT_FOUND) return { kind: 'absent' };
    // Same sort hash but another key (check differs): this key is not listed.
    if (this.hash[3 * slot + 2] !== key.check && this.flags[slot] !== UNSURE) return { kind: 'absent' };
    if (this.flags[slot] === UNSURE) return { kind: 'unsure' };
    const start = slot === 0 ? 0 : this.pkeyEnd[slot - 1]!;
    const pkey = this.decoder.decode(this.pool.subarray(start, this.pkeyEnd[slot]));
    return {
      kind: 'hit',
      pkey,
      href: this.hrefPrefix + pkey,
      content: [this.content[2 * slot]!, this.content[2 * slot + 1]!],
    };
  }

  private slotOf(key: KeyHash): number {
    const order = this.order;
    if (order === null) throw new Error('key index is not sealed');
    const h = this.hash;
    let lo = 0;
    let hi = order.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = order[mid]!;
      const c = h[3 * s]! - key.hi || h[3 * s + 1]! - key.lo;
      if (c === 0) return s;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return NOT_FOUND;
  }
}
