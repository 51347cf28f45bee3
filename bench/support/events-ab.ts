// Events/s of this tree against another checkout (e.g. a worktree at main before a change): the unchanged
// `npm run bench -- events` runs in each, alternately, and the medians of their `current` figures are compared.
// On Linux it also compares the CPU seconds of each whole run (bench and emulator processes, compile included),
// which a busy machine skews far less than events/s.
// With --same-emulators, the other checkout runs against this tree's emulators and emulator host (a temporary
// copy of it gets this tree's emulators/ folder and host files), so only ferry differs: the emulators share the
// two cores with ferry, and a faster emulator would otherwise count for the tree that has it. --split-hosts
// (with --same-emulators) runs Dynamics and Campaign in two processes in both, as two services never share a
// thread.
// Usage: npx tsx bench/support/events-ab.ts <other-checkout> [runs each, default 3] [--same-emulators [--split-hosts]]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths.ts';
import { median, sig } from './stats.ts';

interface Side {
  readonly label: string;
  readonly dir: string;
  readonly rates: number[];
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
function runOnce(dir: string, splitHosts: boolean): number {
  execFileSync(process.execPath, ['bin/bench.js', 'events'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    // Both trees' benches (the other one with this tree's host files) run Dynamics and Campaign apart.
    env: splitHosts ? { ...process.env, FERRY_BENCH_SPLIT_HOSTS: '1' } : process.env,
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

/** This tree's emulator host: the other checkout's bench gets it too, so both start the same processes. */
const HOST_FILES = [
  'emulator-client.ts',
  'emulator-host.ts',
  'emulator-protocol.ts',
  'host-campaign.ts',
  'host-dynamics.ts',
].map((f) => path.join('bench', 'support', f));

/** A copy of `dir` (without .git, its node_modules linked) with this tree's emulators/ folder and emulator host. */
function withOurEmulators(dir: string): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'ferry-ab-'));
  const skip = new Set(['.git', 'node_modules', 'emulators'].map((d) => path.join(dir, d)));
  cpSync(dir, copy, { recursive: true, filter: (src) => !skip.has(src) });
  cpSync(path.join(ROOT, 'emulators'), path.join(copy, 'emulators'), { recursive: true });
  for (const f of HOST_FILES) cpSync(path.join(ROOT, f), path.join(copy, f));
  symlinkSync(path.join(dir, 'node_modules'), path.join(copy, 'node_modules'), 'junction');
  return copy;
}

const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const sameEmulators = flags.has('--same-emulators');
const splitHosts = flags.has('--split-hosts');
const other = args[0];
const runs = Number(args[1] ?? 3);
const unknown = [...flags].filter((f) => f !== '--same-emulators' && f !== '--split-hosts');
if (
  other === undefined ||
  !Number.isInteger(runs) ||
  runs < 1 ||
  unknown.length > 0 ||
  (splitHosts && !sameEmulators)
) {
  console.error(
    'usage: npx tsx bench/support/events-ab.ts <other-checkout> [runs each] [--same-emulators [--split-hosts]]',
  );
  process.exit(2);
}
const otherDir = sameEmulators ? withOurEmulators(path.resolve(other)) : path.resolve(other);
if (sameEmulators) console.log(`other checkout copied to ${otherDir} with this tree's emulators`);
const before: Side = { label: 'other checkout', dir: otherDir, rates: [], cpu: [] };
const after: Side = { label: 'this tree', dir: ROOT, rates: [], cpu: [] };
// Alternating which goes first, so a change in machine load favours neither side.
for (let i = 0; i < runs; i++) {
  for (const s of i % 2 === 0 ? [before, after] : [after, before]) {
    const loadBefore = load();
    const cpu0 = childCpu();
    const rate = runOnce(s.dir, splitHosts);
    const cpu1 = childCpu();
    const cpu = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
    s.rates.push(rate);
    if (cpu !== null) s.cpu.push(cpu);
    console.log(
      `${s.label.padEnd(14)} ${String(rate).padStart(7)} events/s  ${cpu === null ? '' : `cpu ${cpu.toFixed(1)} s  `}(load ${loadBefore} → ${load()})`,
    );
  }
}
if (sameEmulators) rmSync(otherDir, { recursive: true, force: true });
const a = median(before.rates);
const b = median(after.rates);
console.log(`median: other checkout ${a}, this tree ${b} events/s, ×${sig(b / a)} (target ×2)`);
if (before.cpu.length > 0 && after.cpu.length > 0) {
  const ca = median(before.cpu);
  const cb = median(after.cpu);
  console.log(
    `median CPU of a whole run: other checkout ${sig(ca)} s, this tree ${sig(cb)} s (this tree uses ×${sig(cb / ca)})`,
  );
}
