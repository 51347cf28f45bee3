import { describe, expect, it } from 'vitest';
import { IdFilter } from '../../runtime/engine/entity/id-filter.ts';

const guid = (i: number): string => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

describe('IdFilter (ids dead-lettered during a run)', () => {
  it('answers true for every id added, across growth', () => {
    const f = new IdFilter();
    for (let i = 0; i < 50_000; i++) f.add(guid(i));
    for (let i = 0; i < 50_000; i++) expect(f.mayHave(guid(i))).toBe(true);
    f.add(guid(7)); // again: not counted twice
    expect(f.size).toBe(50_000);
  });

  it('answers false for almost every id never added', () => {
    const f = new IdFilter();
    for (let i = 0; i < 50_000; i++) f.add(guid(i));
    let wrong = 0;
    for (let i = 50_000; i < 150_000; i++) if (f.mayHave(guid(i))) wrong++;
    // About n / 2^32 per query: 100,000 queries against 50,000 fingerprints expect ~1.
    expect(wrong).toBeLessThan(20);
    expect(new IdFilter().mayHave(guid(1))).toBe(false);
    expect(new IdFilter().mayHave('')).toBe(false);
  });

  it('keeps hostile and empty ids apart from each other', () => {
    const f = new IdFilter();
    const odd = ['', "'", '"', '`${x}`', '*/', 'a\nb', '\u0000', '\ud83d\ude00'];
    for (const id of odd) f.add(id);
    for (const id of odd) expect(f.mayHave(id)).toBe(true);
    expect(f.size).toBe(odd.length);
  });
});
