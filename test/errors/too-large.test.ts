// 413: a request with many records is split until it fits; one record still too large alone is that record's
// failure (the others are written, the call does not throw). Over the Dataverse emulator with a small body cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicsSide } from '../runtime/connectors-dynamics-fixture.ts';
import { startDynamicsSide } from '../runtime/connectors-dynamics-fixture.ts';

const guid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const writes = (base: number) =>
  Array.from({ length: 4 }, (_, i) => ({
    entitySet: 'contacts',
    key: guid(base + i),
    // Record 2 alone exceeds the 4000-byte cap; the others fit even two by two.
    body: { lastname: `L${i}`, description: (i === 2 ? 'x' : 'd').repeat(i === 2 ? 5000 : 600) },
    ref: `w${i}`,
  }));

describe('413 on a single record is that record’s problem', () => {
  let side: DynamicsSide;
  beforeAll(async () => {
    side = await startDynamicsSide({ maxBodyBytes: 4000 });
  });
  afterAll(async () => {
    await side?.close();
  });

  it.each([
    ['$batch', () => new Map<string, string>(), 700],
    ['UpsertMultiple', () => side.upsertMultiple, 800],
  ] as const)('%s: the oversized record fails with 413, the others are written', async (_, sets, base) => {
    const c = await side.connect({ upsertMultiple: sets() });
    try {
      const results = await c.dynamics.upsert(writes(base));
      expect(results.map((r) => [r.ref, r.ok, r.ok ? null : r.status])).toEqual([
        ['w0', true, null],
        ['w1', true, null],
        ['w2', false, 413],
        ['w3', true, null],
      ]);
      expect(side.dyn.store.get('contact', guid(base + 3))?.lastname).toBe('L3');
      expect(side.dyn.store.get('contact', guid(base + 2))).toBeUndefined();
    } finally {
      await c.close();
    }
  });
});
