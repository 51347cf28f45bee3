// The comparison against the tree the scale issue was filed on: the copies it runs, its refusal when the
// clone lacks that tree, and the whole comparison at smoke size (only where this clone holds the commit).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { benchEventsFiled, extractTree, FILED_COMMIT, hasCommit } from '../../bench/events-filed.ts';
import { copyCheckout } from '../../bench/support/ab.ts';
import { ROOT } from '../../bench/support/paths.ts';
import { FerryError } from '../../core/errors.ts';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A checkout-shaped folder: .git, emulators/ with a marker, bench/ without an events bench. */
function fakeCheckout(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-fake-checkout-'));
  made.push(dir);
  for (const d of ['.git', 'emulators', 'bench/support']) mkdirSync(path.join(dir, d), { recursive: true });
  writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(path.join(dir, 'emulators', 'old.ts'), '// old emulator\n');
  writeFileSync(path.join(dir, 'bench', 'main.ts'), '// its bench runner\n');
  return dir;
}

describe('bench: events against the filed tree', () => {
  it('copies a checkout without .git, links node_modules, and gives it the events passes when it has none', () => {
    const dir = fakeCheckout();
    const modules = path.join(ROOT, 'node_modules');
    const copy = copyCheckout(dir, { ourEmulators: false, modules });
    made.push(copy);
    expect(existsSync(path.join(copy, '.git'))).toBe(false);
    expect(readlinkSync(path.join(copy, 'node_modules'))).toBe(modules);
    expect(readFileSync(path.join(copy, 'bench', 'main.ts'), 'utf8')).toBe('// its bench runner\n');
    expect(readFileSync(path.join(copy, 'bench', 'support', 'events-port.ts'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'bench', 'support', 'events-port.ts'), 'utf8'),
    );
    expect(readFileSync(path.join(copy, 'bench', 'events.ts'), 'utf8')).toContain('./support/events-port.ts');
    // Its own emulators stay unless asked otherwise.
    expect(existsSync(path.join(copy, 'emulators', 'old.ts'))).toBe(true);
  });

  it("with ourEmulators, its emulators/ folder and emulator host are this tree's", () => {
    const dir = fakeCheckout();
    writeFileSync(path.join(dir, 'bench', 'events.ts'), '// its own events bench\n');
    const copy = copyCheckout(dir, { ourEmulators: true, modules: path.join(ROOT, 'node_modules') });
    made.push(copy);
    expect(existsSync(path.join(copy, 'emulators', 'old.ts'))).toBe(false);
    expect(existsSync(path.join(copy, 'emulators', 'dynamics'))).toBe(true);
    expect(readFileSync(path.join(copy, 'bench', 'support', 'emulator-host.ts'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'bench', 'support', 'emulator-host.ts'), 'utf8'),
    );
    // An events bench of its own is kept as it is.
    expect(readFileSync(path.join(copy, 'bench', 'events.ts'), 'utf8')).toBe('// its own events bench\n');
    expect(existsSync(path.join(copy, 'bench', 'support', 'events-port.ts'))).toBe(false);
  });

  it('refuses, with what to do, when the clone does not hold the commit', () => {
    const missing = 'f'.repeat(40);
    expect(hasCommit(missing)).toBe(false);
    let err: unknown;
    try {
      extractTree(missing);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FerryError);
    expect((err as FerryError).code).toBe('FERRY_BENCH_BASELINE');
    expect((err as FerryError).message).toMatch(/fffffff is not in this clone.*git fetch --unshallow/);
  });

  // The repository's first commit: its package.json lists far fewer packages than today's.
  const FIRST = '3b71fd96c923de1edd3ebfcf1dc98a0e267d0f2f';
  it.skipIf(!hasCommit(FIRST))('refuses a tree whose dependencies differ from this node_modules', () => {
    expect(() => extractTree(FIRST)).toThrow(/dependencies in package\.json differ from those of 3b71fd9/);
  });

  const inClone = hasCommit(FILED_COMMIT);
  if (!inClone)
    console.warn(
      `skipping the events-filed smoke run: commit ${FILED_COMMIT.slice(0, 7)} is not in this clone (shallow?)`,
    );
  it.skipIf(!inClone)(
    'smoke: both trees write their events on the same emulators, and this tree’s results file is left alone',
    async () => {
      const results = path.join(ROOT, 'bench', 'results', 'events.smoke.json');
      const before = existsSync(results) ? statSync(results).mtimeMs : null;
      const r = await benchEventsFiled({ runs: 1, smoke: true });
      expect(r.figures['filedCommit']).toBe(FILED_COMMIT);
      expect(Number(r.figures['same.filed.perSec'])).toBeGreaterThan(0);
      expect(Number(r.figures['same.current.perSec'])).toBeGreaterThan(0);
      // Smoke runs the fair comparison only.
      expect(r.figures['own.ratio']).toBeUndefined();
      expect(r.targets?.map((t) => t.name)).toEqual([
        'events/s ≥ 2× the tree the issue was filed on (same emulators)',
      ]);
      expect(existsSync(results) ? statSync(results).mtimeMs : null).toBe(before);
    },
    180_000,
  );
});
