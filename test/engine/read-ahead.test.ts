import { describe, expect, it } from 'vitest';
import { ReadAhead } from '../../runtime/engine/events/read-ahead.ts';
import type { JournalEntry } from '../../runtime/ports.ts';

/** A journal of `pages` pages of 2 entries at positions p1, p2, …; every read and prepare is logged. */
function journal(pages: number): {
  log: string[];
  read: (after: string | null) => Promise<readonly JournalEntry[]>;
  prepare: (e: readonly JournalEntry[]) => string;
} {
  const log: string[] = [];
  const all = Array.from({ length: pages * 2 }, (_, i) => ({ position: `p${i + 1}`, event: null }));
  return {
    log,
    read: async (after) => {
      const from = after === null ? 0 : Number(after.slice(1));
      log.push(`read ${from}`);
      await new Promise((r) => setImmediate(r));
      return all.slice(from, from + 2);
    },
    prepare: (e) => {
      log.push(`prepare ${e[0]?.position ?? 'end'}`);
      return e.map((x) => x.position).join(',');
    },
  };
}

describe('journal pages read ahead', () => {
  it('gives the pages in order, then an empty one, and reads nothing past it', async () => {
    const j = journal(3);
    const ahead = new ReadAhead(j.read, j.prepare, null, 3);
    const pages: string[] = [];
    for (;;) {
      const { entries, page } = await ahead.take();
      if (entries.length === 0) break;
      pages.push(page);
    }
    expect(pages).toEqual(['p1,p2', 'p3,p4', 'p5,p6']);
    expect(j.log.filter((l) => l.startsWith('read'))).toEqual(['read 0', 'read 2', 'read 4', 'read 6']);
  });

  it('requests the next page before it prepares the one just read', async () => {
    const j = journal(3);
    const ahead = new ReadAhead(j.read, j.prepare, null, 2);
    await ahead.take();
    const first = j.log.indexOf('prepare p1');
    expect(first).toBeGreaterThan(j.log.indexOf('read 2'));
    await ahead.take();
    expect(j.log.indexOf('prepare p3')).toBeGreaterThan(j.log.indexOf('read 4'));
  });

  it('a failed read fails its page and every later one; stop() starts no further read', async () => {
    const j = journal(5);
    let n = 0;
    const ahead = new ReadAhead(
      async (after) => {
        if (++n === 2) throw new Error('journal down');
        return j.read(after);
      },
      j.prepare,
      null,
      3,
    );
    expect((await ahead.take()).page).toBe('p1,p2');
    await expect(ahead.take()).rejects.toThrow('journal down');
    await expect(ahead.take()).rejects.toThrow('journal down');
    const stopped = new ReadAhead(j.read, j.prepare, null, 1);
    stopped.stop();
    const reads = j.log.filter((l) => l.startsWith('read')).length;
    expect((await stopped.take()).page).toBe('p1,p2');
    expect((await stopped.take()).entries).toEqual([]);
    expect(j.log.filter((l) => l.startsWith('read')).length).toBe(reads);
  });
});
