// `ferry start` (what `npm start` runs) for now: validate the sandbox tenant and summarise it.
import path from 'node:path';
import type { Command } from 'commander';
import { validateProject } from '../../compiler/index.ts';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import type { Mapping } from '../../compiler/model/mapping.ts';
import { ioOf, setExitCode } from '../context.ts';
import { printDiagnostics } from '../report.ts';
import { tenantProblem } from './tenant-arg.ts';

const SANDBOX = 'sandbox';

export function register(program: Command): void {
  program
    .command('start')
    .description('validate the sandbox tenant and print a summary of its mappings')
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .action(async (flags: { root: string }, cmd: Command) => {
      const io = ioOf(cmd);
      const root = path.resolve(flags.root);
      const problem = await tenantProblem(root, SANDBOX);
      if (problem !== null) {
        io.err(`error: ${problem}`);
        setExitCode(cmd, 2);
        return;
      }
      const result = await validateProject({ root, tenant: SANDBOX });
      if (result.diagnostics.length > 0) printDiagnostics(io, result.diagnostics, { json: false, sources: result.sources });
      io.out(summaryTable(result.project.mappings.map((m) => m.value)));
      setExitCode(cmd, hasErrors(result.diagnostics) ? 1 : 0);
    });
}

/** One row per mapping: name, kind, source → target, number of mapped fields. */
export function summaryTable(mappings: readonly Mapping[]): string {
  const rows = mappings.map((m) => [m.name, m.kind, flow(m), String(fieldCount(m))]);
  const header = ['mapping', 'kind', 'source → target', 'fields'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line), `${mappings.length} mapping${mappings.length === 1 ? '' : 's'}`].join('\n');
}

function flow(m: Mapping): string {
  switch (m.kind) {
    case 'entity':
      return `${m.source.entity} → ${m.target.resource}`;
    case 'events': {
      const activities = Object.values(m.types).filter((t) => t.enabled !== false).map((t) => t.activity);
      return `campaign events → ${[...new Set(activities)].join(', ') || '(none)'}`;
    }
    case 'optout': {
      const arrow = { 'to-campaign': '→', 'to-dynamics': '←', both: '↔', off: '×' }[m.direction];
      return `${m.source.entity} ${arrow} ${m.target.resource}`;
    }
  }
}

function fieldCount(m: Mapping): number {
  switch (m.kind) {
    case 'entity':
      return Object.keys(m.fields).length;
    case 'events':
      return Object.values(m.types).reduce((n, t) => n + Object.keys(t.fields).length, 0);
    case 'optout':
      return m.pairs.length;
  }
}
