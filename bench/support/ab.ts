// Events/s of this tree against another checkout: `npm run bench -- events` in each, alternately, compared by
// the medians of their `current.perSec` figures. Used by events-ab.ts (any checkout) and the events-filed
// benchmark (the tree the scale issue was filed on).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FerryError } from '../../core/errors.ts';
import { ROOT } from './paths.ts';

export interface AbSide {
  readonly label: string;
  readonly dir: string;
  readonly rates: number[];
  /** CPU seconds of each whole run (bench and emulator processes); empty where /proc is missing. */
  readonly cpu: number[];
}

/** CPU seconds (user + system) of this process's finished children and theirs, from /proc; null elsewhere. */
function childCpu(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces): cutime and cstime are the 16th and 17th fields.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

/** One `npm run bench -- events` in `dir`; its figures come back through the results file it writes. */
function runOnce(dir: string, splitHosts: boolean, smoke: boolean): number {
  execFileSync(process.execPath, ['bin/bench.js', 'events', ...(smoke ? ['--smoke'] : [])], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    // Both trees' benches (the other one with this tree's host files) run Dynamics and Campaign apart.
    env: splitHosts ? { ...process.env, FERRY_BENCH_SPLIT_HOSTS: '1' } : process.env,
  });
  const file = path.join(dir, 'bench', 'results', `events${smoke ? '.smoke' : ''}.json`);
  const result = JSON.parse(readFileSync(file, 'utf8')) as {
    figures: Record<string, number>;
  };
  const rate = result.figures['current.perSec'];
  if (typeof rate !== 'number') throw new FerryError('FERRY_BENCH_RUN', `${file} has no current.perSec`);
  return rate;
}

const loadAverage = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** This tree's emulator host: the other checkout's bench gets it too, so both start the same processes. */
const HOST_FILES = [
  'emulator-client.ts',
  'emulator-host.ts',
  'emulator-protocol.ts',
  'host-campaign.ts',
  'host-dynamics.ts',
].map((f) => path.join('bench', 'support', f));

const PORT = path.join('bench', 'support', 'events-port.ts');

/**
 * A copy of the checkout `dir` (without .git, its node_modules linked to `modules`): with this tree's
 * emulators/ folder and emulator host when `ourEmulators`, and with this tree's events-port.ts behind a
 * bench/events.ts when it has no events bench of its own.
 */
export function copyCheckout(dir: string, o: { ourEmulators: boolean; modules: string }): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'ferry-ab-'));
  const skip = new Set(
    ['.git', 'node_modules', ...(o.ourEmulators ? ['emulators'] : [])].map((d) => path.join(dir, d)),
  );
  cpSync(dir, copy, { recursive: true, filter: (src) => !skip.has(src) });
  if (o.ourEmulators) {
    cpSync(path.join(ROOT, 'emulators'), path.join(copy, 'emulators'), { recursive: true });
    for (const f of HOST_FILES) cpSync(path.join(ROOT, f), path.join(copy, f));
  }
  if (!existsSync(path.join(copy, 'bench', 'events.ts'))) {
    cpSync(path.join(ROOT, PORT), path.join(copy, PORT));
    writeFileSync(path.join(copy, 'bench', 'events.ts'), "export { run } from './support/events-port.ts';\n");
  }
  symlinkSync(o.modules, path.join(copy, 'node_modules'), 'junction');
  return copy;
}

/** `runs` rounds of one bench run per side, the order alternating each round so load changes favour neither. */
export function alternate(
  sides: readonly AbSide[],
  o: { runs: number; splitHosts: boolean; smoke: boolean; log: (line: string) => void },
): void {
  for (let i = 0; i < o.runs; i++) {
    for (const s of i % 2 === 0 ? sides : [...sides].reverse()) {
      const loadBefore = loadAverage();
      const cpu0 = childCpu();
      const rate = runOnce(s.dir, o.splitHosts, o.smoke);
      const cpu1 = childCpu();
      const cpu = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
      s.rates.push(rate);
      if (cpu !== null) s.cpu.push(cpu);
      o.log(
        `${s.label.padEnd(14)} ${String(rate).padStart(7)} events/s  ${cpu === null ? '' : `cpu ${cpu.toFixed(1)} s  `}(load ${loadBefore} → ${loadAverage()})`,
      );
    }
  }
}
