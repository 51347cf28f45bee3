// `ferry compile --tenant <t> [--out DIR] [--print] [--check] [--json]`: compile a tenant's mappings
// into dist/<t>/ (or DIR). Exit codes as validate: 0 ok, 1 invalid (or --check found a difference:
// it names the changed inputs and the flows affected), 2 usage error.
import path from 'node:path';
import type { Command } from 'commander';
import type { CompileResult } from '../../compiler/index.ts';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import { ioOf, setExitCode, type CliIo } from '../context.ts';
import { printDiagnostics } from '../report.ts';
import { checkLines, explainCheck } from './compile-check.ts';
import { TENANT_FLAGS, TENANT_HELP, projectRoot } from './tenant-arg.ts';

interface CompileFlags {
  readonly tenant: string;
  readonly out?: string;
  readonly print?: boolean;
  readonly check?: boolean;
  readonly json?: boolean;
  readonly root: string;
}

export function register(program: Command): void {
  program
    .command('compile')
    .description('compile a tenant’s mappings into a bundle (TypeScript, JS, manifest.json)')
    .requiredOption(TENANT_FLAGS, TENANT_HELP)
    .option('-o, --out <dir>', 'output folder (default dist/<tenant>)')
    .option('--print', 'print the generated TypeScript instead of writing files')
    .option('--check', 'write nothing; fail if the bundle at --out differs from what would be written')
    .option('--json', 'print diagnostics as a JSON array')
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .action(async (flags: CompileFlags, cmd: Command) => {
      const io = ioOf(cmd);
      const root = await projectRoot(cmd, flags);
      if (root === null) return;
      const dryRun = flags.print === true || flags.check === true;
      // The compiler (TypeScript, ts-morph) loads only for the commands that compile: run/status stay light.
      const { compileProject } = await import('../../compiler/index.ts');
      const { diffBundle } = await import('../../compiler/write/index.ts');
      const result = await compileProject({
        root,
        tenant: flags.tenant,
        ...(flags.out === undefined ? {} : { out: flags.out }),
        write: !dryRun,
      });
      const failed = hasErrors(result.diagnostics) || result.files === null;
      if (!failed && flags.print === true)
        for (const [name, text] of result.files ?? [])
          if (name.endsWith('.ts') && !name.endsWith('.d.ts')) io.out(`// ==> ${name}\n${text}`);
      let differs: string[] = [];
      if (!failed && flags.check === true && result.files)
        differs = await diffBundle(result.outDir, result.files);
      printDiagnostics(io, result.diagnostics, {
        json: flags.json === true,
        sources: result.sources,
        okMessage: okMessage(result, root, flags, differs),
      });
      if (flags.json !== true && !failed) printPlacements(io, result);
      if (differs.length > 0 && result.files !== null && result.ir !== null) {
        const report = await explainCheck(result.outDir, result.files, result.ir, differs);
        for (const line of checkLines(path.relative(root, result.outDir) || '.', flags.tenant, report))
          io.err(line);
      }
      setExitCode(cmd, failed || differs.length > 0 ? 1 : 0);
    });
}

function okMessage(r: CompileResult, root: string, flags: CompileFlags, differs: readonly string[]): string {
  const where = path.relative(root, r.outDir) || '.';
  const n = [...(r.files?.keys() ?? [])].filter((f) => f.endsWith('.js') && f !== 'index.js').length;
  if (flags.check === true)
    return differs.length === 0
      ? `tenant ${flags.tenant}: bundle at ${where} is up to date`
      : `tenant ${flags.tenant}: compiled`;
  if (flags.print === true) return `tenant ${flags.tenant}: ${n} flow module(s) compiled (not written)`;
  return `tenant ${flags.tenant}: ${n} flow module(s) written to ${where}`;
}

// One line per filter condition: where it runs (pushed to $filter for full reads, or predicate only).
function printPlacements(io: CliIo, r: CompileResult): void {
  for (const f of r.filters) {
    if (f.conditions.length === 0) continue;
    io.out(`filter ${f.mapping}: $filter = ${f.odata ?? '(none)'}`);
    for (const c of f.conditions)
      io.out(
        `  ${c.where === 'predicate' ? 'predicate only ' : '$filter + pred.'}  ${c.text}${c.reason ? `  (${c.reason})` : ''}`,
      );
  }
}
