// Source ids seen in a run, kept as 32-bit fingerprints in one typed array: 8 bytes an id, not a string each.
// `mayHave` can answer true for an id never added (about n / 2^32): callers may only spend a query or a retry on it.

/** FNV-1a over UTF-16 code units; 0 is reserved for empty slots. */
function fingerprint(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

export class IdFilter {
  private slots = new Uint32Array(1024);
  private n = 0;

  get size(): number {
    return this.n;
  }

  add(id: string): void {
    if ((this.n + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if (this.insert(this.slots, fingerprint(id))) this.n++;
  }

  mayHave(id: string): boolean {
    const f = fingerprint(id);
    const mask = this.slots.length - 1;
    for (let i = f & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === f) return true;
      if (s === 0) return false;
    }
  }

  /** Linear probing at load <= 1/2; false when the fingerprint was already there. */
  private insert(slots: Uint32Array, f: number): boolean {
    const mask = slots.length - 1;
    for (let i = f & mask; ; i = (i + 1) & mask) {
      const s = slots[i];
      if (s === f) return false;
      if (s === 0) {
        slots[i] = f;
        return true;
      }
    }
  }

  private rehash(size: number): void {
    const next = new Uint32Array(size);
    for (const f of this.slots) if (f !== 0) this.insert(next, f);
    this.slots = next;
  }
}
