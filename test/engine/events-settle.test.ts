import { describe, expect, it } from 'vitest';
import { PAGES_IN_FLIGHT, pagesToSettle } from '../../runtime/engine/events/run.ts';

const page = (...ids: string[]): { ids: ReadonlySet<string> } => ({ ids: new Set(ids) });

describe('pages committed before the next events page is planned', () => {
  it('keeps at most PAGES_IN_FLIGHT - 1 pages sent when the next page shares nothing', () => {
    expect(pagesToSettle([], new Set(['x']))).toBe(0);
    const full = Array.from({ length: PAGES_IN_FLIGHT - 1 }, (_, i) => page(`p${i}`));
    expect(pagesToSettle(full, new Set(['x']))).toBe(0);
    expect(pagesToSettle([...full, page('q')], new Set(['x']))).toBe(1);
  });

  it('commits through the newest page in flight holding one of the next page’s records, not only the newest page', () => {
    const flight = [page('a', 'b'), page('c'), page('d')].slice(0, PAGES_IN_FLIGHT);
    expect(pagesToSettle(flight.slice(0, 2), new Set(['z', 'a']))).toBe(1);
    expect(pagesToSettle(flight.slice(0, 2), new Set(['c']))).toBe(2);
    expect(pagesToSettle([page('a'), page('a')], new Set(['a']))).toBe(2);
  });
});
