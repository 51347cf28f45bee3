// runtime/lib: MAP-8 conversions, null-safety, three-valued logic, change hash, OData literals.
import { describe, expect, it } from 'vitest';
import * as rt from '../../runtime/lib/index.ts';
import { TransformError } from '../../core/errors.ts';

describe('runtime/lib', () => {
  it('converts Dynamics date-times to Campaign datetime and date (MAP-8)', () => {
    expect(rt.out.campaignDateTime('2023-04-07T21:59:01Z')).toBe('2023-04-07 21:59:01.000Z');
    expect(rt.out.campaignDate('2023-04-07T21:59:01Z')).toBe('2023-04-07');
    expect(rt.out.campaignDate('2023-04-07')).toBe('2023-04-07');
    expect(rt.parseCampaignTimestamp('2018-05-17 08:44:49.366Z')?.toISOString()).toBe(
      '2018-05-17T08:44:49.366Z',
    );
    expect(rt.out.dynamicsDateTime(new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02T03:04:05Z');
    expect(rt.formatDate('2024-01-02T03:04:05.006Z', 'DD/MM/YYYY hh:mm:ss.sss')).toBe(
      '02/01/2024 03:04:05.006',
    );
    expect(rt.addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(() => rt.datetime('not a date')).toThrow(TransformError);
  });

  it('converts scalars and fails bad data with TransformError', () => {
    expect(rt.out.integer('41.5')).toBe(42);
    expect(rt.out.boolean('Yes')).toBe(true);
    expect(rt.out.string(3)).toBe('3');
    expect(rt.toNumber('')).toBeNull();
    expect(() => rt.toNumber('abc')).toThrow(TransformError);
    expect(rt.round(2.345, 2)).toBe(2.35);
  });

  it('is null-safe', () => {
    expect(rt.lower(null)).toBeNull();
    expect(rt.left(null, 3)).toBeNull();
    expect(rt.concat('a', null, 1)).toBe('a1');
    expect(rt.concat(new Date('2024-01-02T03:04:05Z'))).toBe('2024-01-02T03:04:05.000Z');
    expect(rt.coalesce(null, undefined, 'x')).toBe('x');
    expect(rt.isEmpty('  ')).toBe(true);
    expect(rt.add(null, 1)).toBeNull();
    expect(rt.div(1, 0)).toBeNull();
  });

  it('compares case-insensitively with three-valued logic', () => {
    expect(rt.eq('ABC', 'abc')).toBe(true);
    expect(rt.eq(null, 'a')).toBeNull();
    expect(rt.not(null)).toBeNull();
    expect(rt.and(null, false)).toBe(false);
    expect(rt.or(null, true)).toBe(true);
    expect(rt.truth(null)).toBe(false);
    expect(rt.lt(new Date(1), new Date(2))).toBe(true);
  });

  it('hashes canonically (key order does not matter, codepoint order)', () => {
    const a = rt.changeHash({ b: 1, a: 'x', z: null }, ['a', 'b', 'c']);
    expect(a).toBe(rt.changeHash({ a: 'x', b: 1 }, ['a', 'b', 'c']));
    expect(a).not.toBe(rt.changeHash({ a: 'y', b: 1 }, ['a', 'b', 'c']));
    expect(rt.canonicalJson({ '\u{1F600}': 1, '\uFFFF': 2 })).toBe('{"\uFFFF":2,"\u{1F600}":1}');
  });

  it('escapes OData literals and keeps lookup tables unpolluted', () => {
    expect(rt.odataString("O'Bryan")).toBe("'O''Bryan'");
    expect(rt.odataLiteral('49B0BE2E-D01C-ED11-B83E-000D3A572421', { guid: true })).toBe(
      '49b0be2e-d01c-ed11-b83e-000d3a572421',
    );
    expect(rt.odataLiteral(new Date('2024-01-01T00:00:00Z'))).toBe('2024-01-01T00:00:00Z');
    const t = rt.table([['1', 'one']]);
    expect(rt.lookup(t, 'toString')).toBeUndefined();
    expect(rt.lookup(t, 1)).toBe('one');
    expect(rt.label(rt.table([['1', 'Male']]), 7)).toBe('7');
  });
});
