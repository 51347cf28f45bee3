// Equality index of one field: an open-addressing table of (32-bit value hash, seq) pairs in typed arrays.
// A hash only narrows: callers check each candidate's value, so hash collisions never give a wrong row.

const EMPTY = 0;
const GONE = 0xffffffff;

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class ValueIndex {
  private hashes = new Uint32Array(64);
  /** seq per slot; EMPTY ends a probe, GONE (a removed entry) does not. */
  private seqs = new Uint32Array(64);
  private filled = 0;

  add(key: string, seq: number): void {
    if (2 * (this.filled + 1) > this.seqs.length) this.rehash(this.seqs.length * 2);
    const h = fnv(key);
    const mask = this.seqs.length - 1;
    let i = h & mask;
    while (this.seqs[i] !== EMPTY && this.seqs[i] !== GONE) i = (i + 1) & mask;
    if (this.seqs[i] === EMPTY) this.filled++;
    this.hashes[i] = h;
    this.seqs[i] = seq;
  }

  remove(key: string, seq: number): void {
    const h = fnv(key);
    const mask = this.seqs.length - 1;
    for (let i = h & mask; this.seqs[i] !== EMPTY; i = (i + 1) & mask)
      if (this.seqs[i] === seq && this.hashes[i] === h) {
        this.seqs[i] = GONE;
        return;
      }
  }

  /** Seqs whose value may equal `key` (same hash), in no particular order. */
  candidates(key: string): number[] {
    const h = fnv(key);
    const mask = this.seqs.length - 1;
    const out: number[] = [];
    for (let i = h & mask; this.seqs[i] !== EMPTY; i = (i + 1) & mask) {
      const s = this.seqs[i] as number;
      if (s !== GONE && this.hashes[i] === h) out.push(s);
    }
    return out;
  }

  private rehash(size: number): void {
    const [hashes, seqs] = [this.hashes, this.seqs];
    this.hashes = new Uint32Array(size);
    this.seqs = new Uint32Array(size);
    this.filled = 0;
    const mask = size - 1;
    for (let j = 0; j < seqs.length; j++) {
      const s = seqs[j] as number;
      if (s === EMPTY || s === GONE) continue;
      let i = (hashes[j] as number) & mask;
      while (this.seqs[i] !== EMPTY) i = (i + 1) & mask;
      this.hashes[i] = hashes[j] as number;
      this.seqs[i] = s;
      this.filled++;
    }
  }
}
