// Events/s of this tree against another checkout (e.g. a worktree at main before a change): the unchanged
// `npm run bench -- events` runs in each, alternately, and the medians of their `current` figures are compared.
// On Linux it also compares the CPU seconds of each whole run (bench and emulator processes, compile included),
// which a busy machine skews far less than events/s. A checkout without an events bench gets events-port.ts.
// With --same-emulators, the other checkout runs against this tree's emulators and emulator host (a temporary
// copy of it gets this tree's emulators/ folder and host files), so only ferry differs: the emulators share the
// two cores with ferry, and a faster emulator would otherwise count for the tree that has it. --split-hosts
// (with --same-emulators) runs Dynamics and Campaign in two processes in both, as two services never share a
// thread.
// Usage: npx tsx bench/support/events-ab.ts <other-checkout> [runs each, default 3] [--same-emulators [--split-hosts]]
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { alternate, copyCheckout, type AbSide } from './ab.ts';
import { ROOT } from './paths.ts';
import { median, sig } from './stats.ts';

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
const given = path.resolve(other);
const own = path.join(given, 'node_modules');
const copied = sameEmulators || !existsSync(path.join(given, 'bench', 'events.ts'));
const otherDir = copied
  ? copyCheckout(given, {
      ourEmulators: sameEmulators,
      modules: existsSync(own) ? own : path.join(ROOT, 'node_modules'),
    })
  : given;
if (copied)
  console.log(`other checkout copied to ${otherDir}${sameEmulators ? " with this tree's emulators" : ''}`);
const before: AbSide = { label: 'other checkout', dir: otherDir, rates: [], cpu: [] };
const after: AbSide = { label: 'this tree', dir: ROOT, rates: [], cpu: [] };
try {
  alternate([before, after], { runs, splitHosts, smoke: false, log: (l) => console.log(l) });
} finally {
  if (copied) rmSync(otherDir, { recursive: true, force: true });
}
const a = median(before.rates);
const b = median(after.rates);
console.log(`median: other checkout ${a}, this tree ${b} events/s, ×${sig(b / a)}`);
if (before.cpu.length > 0 && after.cpu.length > 0) {
  const ca = median(before.cpu);
  const cb = median(after.cpu);
  console.log(
    `median CPU of a whole run: other checkout ${sig(ca)} s, this tree ${sig(cb)} s (this tree uses ×${sig(cb / ca)})`,
  );
}
