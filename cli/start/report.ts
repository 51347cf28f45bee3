// Step 5 and 6 output: what the demo did, per pass and flow, then each verification line (or one JSON document).
import type { RunReport } from '../../runtime/index.ts';
import type { CliIo } from '../context.ts';
import { printRunReport } from '../run-output.ts';
import type { CompileSummary, DemoEnv } from './environment.ts';
import type { MutationSummary } from './mutations/index.ts';
import { passed, type Check } from './verify/index.ts';

export interface Pass {
  readonly name: string;
  readonly report: RunReport;
  readonly ms: number;
}

export interface DemoResult {
  readonly seed: number;
  readonly seeded: DemoEnv['seeded'];
  readonly compile: CompileSummary;
  readonly passes: readonly Pass[];
  readonly mutations: MutationSummary;
  readonly checks: readonly Check[];
  readonly verified: boolean;
  readonly ms: number;
}

const paint = (io: CliIo, code: number, s: string): string => (io.color ? `\u001b[${code}m${s}\u001b[0m` : s);
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function seededLine(env: DemoEnv): string {
  const s = env.seeded;
  return `seeded: ${s.contacts} contacts, ${s.vehicles} vehicles, ${s.visits} service visits in Dynamics; ${s.profiles} Campaign profiles before ferry ran; ${s.events} journal events`;
}

export function compileLine(root: string, c: CompileSummary, dir: string): string {
  return `compiled tenants/sandbox (${root}) → ${dir}: ${c.flows.length} flows (${c.flows.join(', ')}), ${c.files} files, ${secs(c.ms)}`;
}

export function printPass(io: CliIo, pass: Pass): void {
  io.out(`\n${pass.name} (${secs(pass.ms)})`);
  printRunReport(io, pass.report, false);
  const dead = pass.report.flows.reduce((n, f) => n + (f.counts['deadLettered'] ?? 0), 0);
  // The seed is hostile on purpose; whether these are exactly the records that deserve it is checked below.
  if (dead > 0)
    io.out(
      `  ${dead} dead letters: the seed's invalid emails, and vehicles / visits whose parent has no Campaign record (checked below)`,
    );
}

export function printMutations(io: CliIo, m: MutationSummary): void {
  io.out('\nchanges made on both sides, as their users would:');
  for (const [what, n] of Object.entries(m)) io.out(`  ${String(n).padStart(5)}  ${what}`);
}

export function printChecks(io: CliIo, checks: readonly Check[]): void {
  io.out('\nverification (emulator stores read directly, expectations from the compiled mappings):');
  for (const c of checks) {
    const ok = passed(c);
    io.out(
      `${ok ? paint(io, 32, '✓') : paint(io, 31, '✗')} ${c.name}: ${ok ? c.count : `${c.failed} of ${c.count} wrong`}`,
    );
    for (const f of c.failures) io.out(`    ${f}`);
    if (c.failed > c.failures.length) io.out(`    … and ${c.failed - c.failures.length} more`);
  }
}

export function printOutcome(io: CliIo, r: DemoResult): void {
  const failed = r.checks.filter((c) => !passed(c)).length;
  io.out(
    r.verified
      ? paint(io, 32, `\nverified: Dynamics and Campaign hold what the mappings say (${secs(r.ms)})`)
      : paint(io, 31, `\nNOT verified: ${failed} check${failed === 1 ? '' : 's'} failed (${secs(r.ms)})`),
  );
}

export function toJson(r: DemoResult): string {
  return JSON.stringify({
    ...r,
    passes: r.passes.map((p) => ({ name: p.name, ms: p.ms, ok: p.report.ok, flows: p.report.flows })),
  });
}
