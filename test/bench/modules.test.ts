// Every module the bench runner lists is a benchmark: it loads without side effects and exports run(),
// so `npm run bench` (and CI's smoke set) never trips over a script that belongs in bench/support/.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { available } from '../../bench/main.ts';

const dir = path.resolve(import.meta.dirname, '../../bench');

describe('bench modules', () => {
  it('each listed benchmark imports cleanly and exports run()', async () => {
    const names = await available();
    expect(names).toContain('sync');
    for (const name of names) {
      const mod = (await import(path.join(dir, `${name}.ts`))) as { run?: unknown };
      expect(typeof mod.run, name).toBe('function');
    }
  });
});
