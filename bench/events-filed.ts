// Events/s of this tree against the tree the scale issue was filed on (its figures are that tree's: journal
// pages of 500, one `$batch` per entity set starting at 100 operations, 0.49 Dynamics requests per 100
// events). That tree is taken from this clone's history, given the events passes of bench/events.ts
// (events-port.ts: it had no events bench), and both run alternately. First on the same emulators, this
// tree's, so only ferry differs; then (full run only) each on its own emulators, as each tree was.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { alternate, copyCheckout, type AbSide } from './support/ab.ts';
import { ROOT } from './support/paths.ts';
import { median, sig } from './support/stats.ts';
import type { BenchResult, BenchRun } from './types.ts';

/** The last commit before the scale issue's first change (4e623b6, the events write path). */
export const FILED_COMMIT = '108516215d57516d6d5875a04928dfe6f92e7e2b';
const MODULES = path.join(ROOT, 'node_modules');

const git = (...args: string[]): Buffer => execFileSync('git', ['-C', ROOT, ...args], { stdio: 'pipe' });

/** Whether this clone holds `commit` (a shallow clone, or a copy without .git, does not). */
export function hasCommit(commit: string): boolean {
  try {
    git('cat-file', '-e', `${commit}^{commit}`);
    return true;
  } catch {
    return false;
  }
}

/** The tree of `commit` in a temporary folder, or a clear error when this clone cannot give it. */
export function extractTree(commit: string): string {
  if (!hasCommit(commit))
    throw new ConfigError(
      'FERRY_BENCH_BASELINE',
      `commit ${commit.slice(0, 7)} is not in this clone (a shallow clone, or no .git); fetch the full history (git fetch --unshallow) and run again`,
    );
  const deps = (text: string): string => {
    const p = JSON.parse(text) as { dependencies?: unknown; devDependencies?: unknown };
    return JSON.stringify([p.dependencies, p.devDependencies]);
  };
  // It runs on this tree's node_modules: the same packages, or nothing measured.
  if (
    deps(git('show', `${commit}:package.json`).toString()) !==
    deps(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  )
    throw new ConfigError(
      'FERRY_BENCH_BASELINE',
      `the dependencies in package.json differ from those of ${commit.slice(0, 7)}; its tree cannot run on this node_modules`,
    );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-filed-'));
  const tar = path.join(dir, 'tree.tar');
  git('archive', '--format=tar', '-o', tar, commit);
  const tree = path.join(dir, 'tree');
  mkdirSync(tree);
  execFileSync('tar', ['-xf', tar, '-C', tree], { stdio: 'pipe' });
  return tree;
}

interface Mode {
  readonly name: 'same' | 'own';
  readonly filed: number;
  readonly current: number;
}

function compare(tree: string, name: Mode['name'], runs: number, smoke: boolean): Mode {
  // Both sides run in copies, so neither writes this tree's bench/results/events.json.
  const filed: AbSide = {
    label: 'filed tree',
    dir: copyCheckout(tree, { ourEmulators: name === 'same', modules: MODULES }),
    rates: [],
    cpu: [],
  };
  const current: AbSide = {
    label: 'this tree',
    dir: copyCheckout(ROOT, { ourEmulators: false, modules: MODULES }),
    rates: [],
    cpu: [],
  };
  try {
    console.log(`${name === 'same' ? "both on this tree's emulators" : 'each on its own emulators'}:`);
    alternate([filed, current], { runs, splitHosts: false, smoke, log: (l) => console.log(`  ${l}`) });
  } finally {
    for (const s of [filed, current]) rmSync(s.dir, { recursive: true, force: true });
  }
  return { name, filed: median(filed.rates), current: median(current.rates) };
}

export async function benchEventsFiled(o: { runs: number; smoke: boolean }): Promise<BenchResult> {
  const tree = extractTree(FILED_COMMIT);
  const modes: Mode[] = [];
  try {
    for (const name of o.smoke ? (['same'] as const) : (['same', 'own'] as const))
      modes.push(compare(tree, name, o.runs, o.smoke));
  } finally {
    rmSync(path.dirname(tree), { recursive: true, force: true });
  }
  const figures: Record<string, number | string> = { filedCommit: FILED_COMMIT, runsEach: o.runs };
  for (const m of modes) {
    figures[`${m.name}.filed.perSec`] = Math.round(m.filed);
    figures[`${m.name}.current.perSec`] = Math.round(m.current);
    figures[`${m.name}.ratio`] = sig(m.current / m.filed);
  }
  const same = modes[0] as Mode;
  const label = { same: "same emulators (this tree's)", own: 'each its own emulators' };
  return {
    name: 'events-filed',
    figures,
    table: [
      ['emulators', 'filed tree events/s', 'this tree events/s', 'ratio'],
      ...modes.map((m) => [
        label[m.name],
        Math.round(m.filed),
        Math.round(m.current),
        `×${sig(m.current / m.filed)}`,
      ]),
    ],
    targets: [
      {
        name: 'events/s ≥ 2× the tree the issue was filed on (same emulators)',
        met: same.current / same.filed >= 2,
        detail: `${Math.round(same.current)} vs ${Math.round(same.filed)} events/s (×${sig(same.current / same.filed)}), medians of ${o.runs} alternating runs each of the events passes (${FILED_COMMIT.slice(0, 7)})`,
      },
    ],
  };
}

export const run: BenchRun = (opts) => benchEventsFiled({ runs: opts.smoke ? 1 : 3, smoke: opts.smoke });
