// The compact key index: 12 bytes a record in memory (sort hash + spill reference), the rest in a spill file.
import { FerryError } from '../../../../core/errors.ts';
import type { KeyHash } from './hash.ts';
import { sortSlots } from './sort.ts';
import { MAX_SPILL, SpillFile } from './spill.ts';

export type IndexAnswer =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unsure' }
  | {
      readonly kind: 'hit';
      readonly pkey: string;
      readonly href: string;
      readonly content: [number, number];
    };

/** Words a slot: sort hash hi, lo, then the spill reference with the unsure flag in its top bit. */
const W = 3;
/**
 * The record's href is not `<prefix><PKey>`, its PKey is not printable ASCII, or two listed keys share a sort
 * hash: ask the API instead. An unsure slot needs nothing from the spill file (its record is not written).
 */
const UNSURE = 0x8000_0000;
const REF = 0x7fff_ffff;
const MIN_CAPACITY = 1024;
/** Slots sized up front at most (16.7 M records, 201 MB): the count is the server's word; past it, add() grows. */
const MAX_PRESIZE = 1 << 24;

/** The count probe's answer as a slot count: any other number (fractional, negative, huge) is not trusted. */
function presize(capacity: number | undefined): number {
  if (capacity === undefined || !Number.isSafeInteger(capacity) || capacity < 0) return MIN_CAPACITY;
  return Math.max(1, Math.min(capacity, MAX_PRESIZE));
}

/** The spill file's bound: past it add() throws and the index is not used (the finder looks records up). */
export { MAX_SPILL };
export { KeyIndexFull } from './spill.ts';

export interface KeyIndexOptions {
  /** Records the listing is expected to hold (the count probe): sized once, so no growth slack. */
  readonly capacity?: number;
  /** Spill bytes add() accepts (at most MAX_SPILL; lower only to test the bound). */
  readonly maxSpill?: number;
  /** Unlink the spill file while open (default: everywhere but Windows). */
  readonly unlinkOpen?: boolean;
}

export class KeyIndex {
  private n = 0;
  private slots: Uint32Array;
  private readonly spill: SpillFile;
  private sealed = false;
  private peak: number;

  /** `hrefPrefix`: every href the listing returned is this + PKey (checked per record in add()). */
  constructor(
    private readonly hrefPrefix: string,
    opts: KeyIndexOptions = {},
  ) {
    this.slots = new Uint32Array(W * presize(opts.capacity));
    this.spill = new SpillFile(opts.maxSpill, opts.unlinkOpen);
    this.peak = this.slots.byteLength;
  }

  get size(): number {
    return this.n;
  }

  /** Bytes held in memory by the slots (reports). */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Most slot bytes held at one moment (a growth copy holds both arrays); sealing adds none. */
  get peakBytes(): number {
    return this.peak;
  }

  /** Bytes of the spill file. */
  get spillBytes(): number {
    return this.spill.bytes;
  }

  add(key: KeyHash, pkey: string, href: string, content: [number, number]): void {
    if (this.sealed)
      throw new FerryError('FERRY_INTERNAL', 'key index is sealed: no key may be added after the listing');
    const fits = href === this.hrefPrefix + pkey && /^[\x20-\x7e]*$/.test(pkey);
    // Only what a hit needs goes to the file: an unsure record is looked up, so it writes nothing.
    const ref = fits ? this.spill.append(key.check, content, pkey) : UNSURE;
    if (W * (this.n + 1) > this.slots.length) this.grow();
    const at = W * this.n++;
    this.slots[at] = key.hi;
    this.slots[at + 1] = key.lo;
    this.slots[at + 2] = ref;
  }

  /** More records than the count said (created while listing): grow by a quarter, not double. */
  private grow(): void {
    const next = new Uint32Array(W * (this.n + Math.max(MIN_CAPACITY, this.n >>> 2)));
    next.set(this.slots);
    this.peak = Math.max(this.peak, this.slots.byteLength + next.byteLength);
    this.slots = next;
  }

  /**
   * Sorts the slots in place by sort hash (no order array, no second copy) and marks every slot of a sort hash
   * listed twice unsure. Slack of more than an eighth (fewer keyed records than counted) is given back first.
   */
  seal(): void {
    if (this.sealed) return;
    this.spill.seal();
    const n = this.n;
    if (this.slots.length - W * n > (W * n) >>> 3) {
      const exact = this.slots.slice(0, W * n);
      this.peak = Math.max(this.peak, this.slots.byteLength + exact.byteLength);
      this.slots = exact;
    }
    const s = this.slots;
    sortSlots(s, n);
    for (let k = 1; k < n; k++)
      if (s[W * k] === s[W * k - W] && s[W * k + 1] === s[W * k - W + 1]) {
        s[W * k + 2] = (s[W * k + 2]! | UNSURE) >>> 0;
        s[W * k - W + 2] = (s[W * k - W + 2]! | UNSURE) >>> 0;
      }
    this.sealed = true;
  }

  /** "absent" answers from memory; a candidate reads its spill record (one positioned read) to check the key. */
  find(key: KeyHash): IndexAnswer {
    const slot = this.slotOf(key);
    if (slot < 0) return { kind: 'absent' };
    const ref = this.slots[W * slot + 2]!;
    if ((ref & UNSURE) !== 0) return { kind: 'unsure' };
    const r = this.spill.read(ref & REF);
    // Same sort hash but another key (check differs): this key is not listed.
    if (r.check !== key.check) return { kind: 'absent' };
    return { kind: 'hit', pkey: r.pkey, href: this.hrefPrefix + r.pkey, content: r.content };
  }

  /** True when no listed key has this sort hash: "absent" from memory alone (find() may say absent after a read). */
  lacks(key: KeyHash): boolean {
    return this.slotOf(key) < 0;
  }

  /** Ends the run's use of the index: the spill file is closed and removed (idempotent). */
  close(): void {
    this.spill.close();
  }

  private slotOf(key: KeyHash): number {
    if (!this.sealed)
      throw new FerryError('FERRY_INTERNAL', 'key index is not sealed: it is read only after the listing');
    const s = this.slots;
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = s[W * mid]! - key.hi || s[W * mid + 1]! - key.lo;
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
