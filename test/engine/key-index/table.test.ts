// The compact key index: answers from sorted hashes, and says "unsure" instead of guessing.
import { describe, expect, it } from 'vitest';
import { contentHash, keyHash } from '../../../runtime/engine/entity/key-index/hash.ts';
import { KeyIndex, KeyIndexFull, MAX_POOL } from '../../../runtime/engine/entity/key-index/table.ts';
import { planKeys } from '../../../runtime/engine/entity/key-index/plan.ts';

const PREFIX = 'https://x/campaign/profileAndServicesExt/profile/';
const c = (v: string): [number, number] => contentHash(['email'], () => v);

describe('key index', () => {
  it('finds every listed key with its PKey and href, and none that was not listed', () => {
    const index = new KeyIndex(PREFIX);
    for (let i = 0; i < 5000; i++) index.add(keyHash(`id-${i}`), `@pk${i}`, `${PREFIX}@pk${i}`, c(`e${i}`));
    index.seal();
    for (const i of [0, 1, 2499, 4999]) {
      expect(index.find(keyHash(`id-${i}`))).toEqual({
        kind: 'hit',
        pkey: `@pk${i}`,
        href: `${PREFIX}@pk${i}`,
        content: c(`e${i}`),
      });
    }
    expect(index.find(keyHash('id-5000')).kind).toBe('absent');
    // Typed arrays, not strings per record: well under 100 bytes a record with its PKey.
    expect(index.bytes / index.size).toBeLessThan(100);
  });

  it('is unsure of a key listed twice and of a record whose href is not prefix + PKey', () => {
    const index = new KeyIndex(PREFIX);
    index.add(keyHash('dup'), '@a', `${PREFIX}@a`, c('a'));
    index.add(keyHash('dup'), '@b', `${PREFIX}@b`, c('b'));
    index.add(keyHash('odd'), '@c', 'https://elsewhere/@c', c('c'));
    index.add(keyHash('ok'), '@d', `${PREFIX}@d`, c('d'));
    index.seal();
    expect(index.find(keyHash('dup')).kind).toBe('unsure');
    expect(index.find(keyHash('odd')).kind).toBe('unsure');
    expect(index.find(keyHash('ok')).kind).toBe('hit');
  });

  it('holds 24 bytes a record plus its PKey once sealed (and one end offset); a long PKey is served too', () => {
    const index = new KeyIndex(PREFIX);
    const n = 3000;
    for (let i = 0; i < n; i++) index.add(keyHash(`k${i}`), `@pkey${i}`, `${PREFIX}@pkey${i}`, c(`e${i}`));
    const long = `@${'x'.repeat(300)}`;
    index.add(keyHash('long'), long, PREFIX + long, c('l'));
    let pkeyBytes = long.length;
    for (let i = 0; i < n; i++) pkeyBytes += `@pkey${i}`.length;
    index.seal();
    expect(index.bytes).toBe(24 * (n + 1) + 4 + pkeyBytes);
    expect(index.find(keyHash('long'))).toMatchObject({ kind: 'hit', pkey: long });
    expect(index.find(keyHash('k2999'))).toMatchObject({ kind: 'hit', pkey: '@pkey2999' });
  });

  it('keeps each PKey with its key when sorting mixes lengths, empty PKeys and unsure slots', () => {
    const index = new KeyIndex(PREFIX);
    const pk = (i: number) => (i % 7 === 0 ? '' : `@${'p'.repeat(i % 13)}${i}`);
    for (let i = 0; i < 2000; i++) {
      const odd = i % 11 === 0; // href elsewhere: unsure, whatever its neighbours
      index.add(keyHash(`m${i}`), pk(i), odd ? `https://elsewhere/${pk(i)}` : PREFIX + pk(i), c(`e${i}`));
    }
    index.seal();
    for (let i = 0; i < 2000; i++) {
      const a = index.find(keyHash(`m${i}`));
      if (i % 11 === 0) expect(a.kind).toBe('unsure');
      else expect(a).toEqual({ kind: 'hit', pkey: pk(i), href: PREFIX + pk(i), content: c(`e${i}`) });
    }
  });

  it('refuses PKeys past its pool bound (the finder then looks records up) instead of wrapping offsets', () => {
    const index = new KeyIndex(PREFIX, 10);
    index.add(keyHash('a'), '@12345', `${PREFIX}@12345`, c('a'));
    expect(() => index.add(keyHash('b'), '@6789', `${PREFIX}@6789`, c('b'))).toThrow(KeyIndexFull);
    expect(() => new KeyIndex(PREFIX, MAX_POOL + 1)).toThrow(RangeError);
    index.seal();
    expect(index.size).toBe(1);
    expect(index.find(keyHash('a'))).toMatchObject({ kind: 'hit', pkey: '@12345' });
  });

  it('is unsure of every slot of a sort hash listed three times', () => {
    const index = new KeyIndex(PREFIX);
    for (const p of ['@a', '@b', '@c']) index.add(keyHash('triple'), p, PREFIX + p, c(p));
    index.add(keyHash('other'), '@d', `${PREFIX}@d`, c('d'));
    index.seal();
    expect(index.find(keyHash('triple')).kind).toBe('unsure');
    expect(index.find(keyHash('other')).kind).toBe('hit');
  });

  it('tells apart a key whose sort hash matches a listed one but whose check hash does not', () => {
    const index = new KeyIndex(PREFIX);
    const k = keyHash('listed');
    index.add(k, '@a', `${PREFIX}@a`, c('a'));
    index.seal();
    expect(index.find({ ...k, check: (k.check + 1) >>> 0 }).kind).toBe('absent');
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
