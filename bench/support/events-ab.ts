// Events/s of this tree against another checkout (e.g. a worktree at main before a change): the unchanged
// `npm run bench -- events` runs in each, alternately, and the medians of their `current` figures are compared.
// Usage: npx tsx bench/support/events-ab.ts <other-checkout> [runs each, default 3]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths.ts';
import { median, sig } from './stats.ts';

interface Side {
  readonly label: string;
  readonly dir: string;
  readonly rates: number[];
}

/** One `npm run bench -- events` in `dir`; its figures come back through the results file it writes. */
function runOnce(dir: string): number {
  execFileSync(process.execPath, ['bin/bench.js', 'events'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const result = JSON.parse(readFileSync(path.join(dir, 'bench/results/events.json'), 'utf8')) as {
    figures: Record<string, number>;
  };
  const rate = result.figures['current.perSec'];
  if (typeof rate !== 'number')
    throw new TypeError(`${dir}: bench/results/events.json has no current.perSec`);
  return rate;
}

const load = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

const other = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (other === undefined || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npx tsx bench/support/events-ab.ts <other-checkout> [runs each]');
  process.exit(2);
}
const before: Side = { label: 'other checkout', dir: path.resolve(other), rates: [] };
const after: Side = { label: 'this tree', dir: ROOT, rates: [] };
// Alternating which goes first, so a change in machine load favours neither side.
for (let i = 0; i < runs; i++) {
  for (const s of i % 2 === 0 ? [before, after] : [after, before]) {
    const loadBefore = load();
    const rate = runOnce(s.dir);
    s.rates.push(rate);
    console.log(
      `${s.label.padEnd(14)} ${String(rate).padStart(7)} events/s  (load ${loadBefore} → ${load()})`,
    );
  }
}
const a = median(before.rates);
const b = median(after.rates);
console.log(`median: other checkout ${a}, this tree ${b} events/s, ×${sig(b / a)} (target ×2)`);
