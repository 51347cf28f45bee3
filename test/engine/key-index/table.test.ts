// The compact key index: answers from sorted hashes in memory and a spill file, and says "unsure" instead of guessing.
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentHash, keyHash } from '../../../runtime/engine/entity/key-index/hash.ts';
import { KeyIndex, KeyIndexFull, MAX_SPILL } from '../../../runtime/engine/entity/key-index/table.ts';
import { spillRecordBytes } from '../../../runtime/engine/entity/key-index/spill.ts';
import { planKeys } from '../../../runtime/engine/entity/key-index/plan.ts';

const PREFIX = 'https://x/campaign/profileAndServicesExt/profile/';
const c = (v: string): [number, number] => contentHash(['email'], () => v);
/** A real Campaign PKey's shape (92 characters). */
const REAL = '@2v1dr3ZKJveMDhAdh0MPnh9hNQQ93qb7AW6BNVVKknjwXvTZRBAgUqz1SNcB4ZndgjqOofx3BwBZYBftlmObISoM3rs';

const open: KeyIndex[] = [];
function index(opts: ConstructorParameters<typeof KeyIndex>[1] = {}): KeyIndex {
  const i = new KeyIndex(PREFIX, opts);
  open.push(i);
  return i;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const i of open.splice(0)) i.close();
});

describe('key index', () => {
  it('refuses to be read before it is sealed, or added to after, with a coded error', () => {
    const ix = index();
    ix.add(keyHash('a'), '@a', `${PREFIX}@a`, c('a'));
    expect(() => ix.lacks(keyHash('a'))).toThrow(expect.objectContaining({ code: 'FERRY_INTERNAL' }));
    ix.seal();
    expect(ix.lacks(keyHash('a'))).toBe(false);
    expect(() => ix.add(keyHash('b'), '@b', `${PREFIX}@b`, c('b'))).toThrow(
      expect.objectContaining({ code: 'FERRY_INTERNAL', message: expect.stringContaining('sealed') }),
    );
  });

  it('finds every listed key with its PKey, href and content, and none that was not listed', () => {
    const ix = index();
    for (let i = 0; i < 5000; i++) ix.add(keyHash(`id-${i}`), `@pk${i}`, `${PREFIX}@pk${i}`, c(`e${i}`));
    ix.seal();
    for (const i of [0, 1, 2499, 4999])
      expect(ix.find(keyHash(`id-${i}`))).toEqual({
        kind: 'hit',
        pkey: `@pk${i}`,
        href: `${PREFIX}@pk${i}`,
        content: c(`e${i}`),
      });
    expect(ix.find(keyHash('id-5000')).kind).toBe('absent');
  });

  it('is unsure of a key listed twice and of a record whose href is not prefix + PKey', () => {
    const ix = index();
    ix.add(keyHash('dup'), '@a', `${PREFIX}@a`, c('a'));
    ix.add(keyHash('dup'), '@b', `${PREFIX}@b`, c('b'));
    ix.add(keyHash('odd'), '@c', 'https://elsewhere/@c', c('c'));
    ix.add(keyHash('ok'), '@d', `${PREFIX}@d`, c('d'));
    ix.seal();
    expect(ix.find(keyHash('dup')).kind).toBe('unsure');
    expect(ix.find(keyHash('odd')).kind).toBe('unsure');
    expect(ix.find(keyHash('ok')).kind).toBe('hit');
  });

  it('holds 12 bytes a record in memory when sized from the count, at every moment; the rest is in its file', () => {
    const n = 3000;
    const ix = index({ capacity: n + 1 });
    for (let i = 0; i < n; i++) ix.add(keyHash(`k${i}`), REAL + i, PREFIX + REAL + i, c(`e${i}`));
    const long = `@${'x'.repeat(300)}`;
    ix.add(keyHash('long'), long, PREFIX + long, c('l'));
    ix.seal();
    expect(ix.bytes).toBe(12 * (n + 1));
    expect(ix.peakBytes).toBe(12 * (n + 1));
    let spill = spillRecordBytes(long.length);
    for (let i = 0; i < n; i++) spill += spillRecordBytes((REAL + i).length);
    expect(ix.spillBytes).toBe(spill);
    expect(ix.find(keyHash('long'))).toMatchObject({ kind: 'hit', pkey: long });
    expect(ix.find(keyHash('k2999'))).toMatchObject({ kind: 'hit', pkey: `${REAL}2999` });
  });

  it('grows past its count (both arrays held for a moment), and gives back slack of more than an eighth', () => {
    const ix = index({ capacity: 1000 });
    for (let i = 0; i < 1001; i++) ix.add(keyHash(`g${i}`), `@g${i}`, `${PREFIX}@g${i}`, c('g'));
    expect(ix.bytes).toBe(12 * 2024); // 1001 + 1024 slots (a quarter of n, at least 1024)
    ix.seal();
    expect(ix.peakBytes).toBe(12 * (2024 + 1001)); // the slack given back: grown and exact arrays at once
    expect(ix.bytes).toBe(12 * 1001);
    expect(ix.find(keyHash('g1000'))).toMatchObject({ kind: 'hit', pkey: '@g1000' });
    const near = index({ capacity: 1000 });
    for (let i = 0; i < 950; i++) near.add(keyHash(`f${i}`), `@f${i}`, `${PREFIX}@f${i}`, c('f'));
    near.seal();
    expect([near.bytes, near.peakBytes]).toEqual([12 * 1000, 12 * 1000]); // slack under an eighth: no copy
    expect(near.find(keyHash('f949'))).toMatchObject({ kind: 'hit', pkey: '@f949' });
    expect(near.find(keyHash('f950')).kind).toBe('absent');
  });

  it('does not take the count on trust: a huge, fractional or negative count sizes a bounded array', () => {
    for (const capacity of [1e12, 2 ** 40, 1.5, -3, Number.NaN]) {
      const ix = index({ capacity });
      expect(ix.bytes).toBeLessThanOrEqual(12 * 2 ** 24);
      for (let i = 0; i < 3; i++) ix.add(keyHash(`h${i}`), `@h${i}`, `${PREFIX}@h${i}`, c('h'));
      ix.seal();
      expect(ix.find(keyHash('h2'))).toMatchObject({ kind: 'hit', pkey: '@h2' });
    }
  });

  it('keeps each PKey with its key when sorting mixes lengths, empty PKeys and unsure slots', () => {
    const ix = index();
    const pk = (i: number) => (i % 7 === 0 ? '' : `@${'p'.repeat(i % 13)}${i}`);
    for (let i = 0; i < 2000; i++) {
      const odd = i % 11 === 0; // href elsewhere: unsure, whatever its neighbours
      ix.add(keyHash(`m${i}`), pk(i), odd ? `https://elsewhere/${pk(i)}` : PREFIX + pk(i), c(`e${i}`));
    }
    ix.seal();
    for (let i = 0; i < 2000; i++) {
      const a = ix.find(keyHash(`m${i}`));
      if (i % 11 === 0) expect(a.kind).toBe('unsure');
      else expect(a).toEqual({ kind: 'hit', pkey: pk(i), href: PREFIX + pk(i), content: c(`e${i}`) });
    }
  });

  it('serves hostile PKeys: empty, 255+ bytes, longer than a write chunk; non-ASCII ones are unsure', () => {
    const ix = index();
    const cases = ['', `@${'y'.repeat(255)}`, `@${'z'.repeat(1000)}`, `@${'w'.repeat(1 << 21)}`];
    cases.forEach((p, i) => ix.add(keyHash(`h${i}`), p, PREFIX + p, c(`h${i}`)));
    ix.add(keyHash('utf'), '@é€', `${PREFIX}@é€`, c('u'));
    ix.add(keyHash('ctl'), '@a\nb', `${PREFIX}@a\nb`, c('u'));
    ix.add(keyHash('after'), '@after', `${PREFIX}@after`, c('after'));
    ix.seal();
    cases.forEach((p, i) =>
      expect(ix.find(keyHash(`h${i}`))).toEqual({
        kind: 'hit',
        pkey: p,
        href: PREFIX + p,
        content: c(`h${i}`),
      }),
    );
    expect(ix.find(keyHash('utf')).kind).toBe('unsure');
    expect(ix.find(keyHash('ctl')).kind).toBe('unsure');
    expect(ix.find(keyHash('after'))).toMatchObject({ kind: 'hit', pkey: '@after', content: c('after') });
  });

  it('is unsure of two keys sharing one sort hash, and of every slot of a sort hash listed three times', () => {
    const ix = index();
    const a = keyHash('a');
    const b = { ...a, check: (a.check + 1) >>> 0 }; // another key, same 64-bit sort hash
    ix.add(a, '@a', `${PREFIX}@a`, c('a'));
    ix.add(b, '@b', `${PREFIX}@b`, c('b'));
    for (const p of ['@t1', '@t2', '@t3']) ix.add(keyHash('triple'), p, PREFIX + p, c(p));
    ix.add(keyHash('other'), '@d', `${PREFIX}@d`, c('d'));
    ix.seal();
    expect(ix.find(a).kind).toBe('unsure');
    expect(ix.find(b).kind).toBe('unsure');
    expect(ix.find(keyHash('triple')).kind).toBe('unsure');
    expect(ix.find(keyHash('other')).kind).toBe('hit');
  });

  it('answers absent for a key whose sort hash matches a listed one but whose check hash does not', () => {
    const ix = index();
    const k = keyHash('listed');
    ix.add(k, '@a', `${PREFIX}@a`, c('a'));
    ix.seal();
    expect(ix.find({ ...k, check: (k.check + 1) >>> 0 }).kind).toBe('absent');
    expect(ix.find(k).kind).toBe('hit');
  });

  it('answers a miss without reading its file, a hit with one positioned read', () => {
    const ix = index();
    for (let i = 0; i < 500; i++) ix.add(keyHash(`r${i}`), REAL, PREFIX + REAL, c(`e${i}`));
    ix.seal();
    const reads = vi.spyOn(fs, 'readSync');
    for (let i = 500; i < 1500; i++) expect(ix.find(keyHash(`r${i}`)).kind).toBe('absent');
    // lacks(): absent from memory alone; a key sharing a listed sort hash is not claimed absent.
    const r7 = keyHash('r7');
    expect([ix.lacks(keyHash('r500')), ix.lacks(r7), ix.lacks({ ...r7, check: r7.check ^ 1 })]).toEqual([
      true,
      false,
      false,
    ]);
    expect(reads).not.toHaveBeenCalled();
    expect(ix.find(r7)).toMatchObject({ kind: 'hit', pkey: REAL });
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('refuses records past its file bound (the finder then looks records up) instead of wrapping references', () => {
    const ix = index({ maxSpill: 3 * spillRecordBytes(REAL.length) });
    for (const k of ['a', 'b', 'c']) ix.add(keyHash(k), REAL, PREFIX + REAL, c(k));
    expect(() => ix.add(keyHash('d'), REAL, PREFIX + REAL, c('d'))).toThrow(KeyIndexFull);
    // One error hierarchy: a registered code, even for an error the finder always catches.
    expect(() => ix.add(keyHash('d'), REAL, PREFIX + REAL, c('d'))).toThrow(
      expect.objectContaining({ code: 'FERRY_KEY_INDEX_FULL' }),
    );
    expect(() => new KeyIndex(PREFIX, { maxSpill: MAX_SPILL + 1 })).toThrow(RangeError);
    ix.seal();
    expect(ix.size).toBe(3);
    expect(ix.find(keyHash('c'))).toMatchObject({ kind: 'hit', pkey: REAL });
  });

  it('fits 15 M records with real-sized PKeys: 12 bytes each in memory, the file far below its bound', () => {
    const records = 15_000_000;
    expect(spillRecordBytes(REAL.length)).toBe(112); // 16-byte head + 92 bytes, 8-byte aligned
    expect(records * spillRecordBytes(REAL.length)).toBeLessThan(MAX_SPILL / 8);
    expect(MAX_SPILL).toBe(16 * 2 ** 30);
    // The same arithmetic, scaled down 10^4 through the bound knob: 1,500 records fit, one more does not.
    const ix = index({ maxSpill: (records / 10_000) * spillRecordBytes(REAL.length), capacity: 1500 });
    for (let i = 0; i < 1500; i++) ix.add(keyHash(`s${i}`), REAL, PREFIX + REAL, c('s'));
    expect(() => ix.add(keyHash('one more'), REAL, PREFIX + REAL, c('s'))).toThrow(KeyIndexFull);
    ix.seal();
    expect(ix.bytes).toBe(12 * 1500);
  });

  it('compares values as the per-record diff does: links by PKey, datetimes by instant', () => {
    const fields = ['link', 'when'];
    const live = { link: { PKey: '@p', href: 'https://x/@p' }, when: '2024-01-02 03:04:05.000Z' };
    const desired = { link: { PKey: '@p' }, when: '2024-01-02T03:04:05.000Z' };
    const h = (r: Record<string, unknown>) => contentHash(fields, (f) => r[f]);
    expect(h(live)).toEqual(h(desired));
    expect(h(live)).not.toEqual(h({ ...desired, when: '2024-01-02T03:04:06.000Z' }));
  });
});

describe('key planner', () => {
  it('lists when the expected writes cost more lookups than the listing has pages', () => {
    expect(planKeys(15_000, 15_000)).toMatchObject({ choice: 'listing', listingCalls: 15 });
    expect(planKeys(1_000_000, 100)).toMatchObject({ choice: 'lookups', listingCalls: 1000 });
    expect(planKeys(0, 60).listingCalls).toBe(1);
  });
});
