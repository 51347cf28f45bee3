// `ferry validate --tenant <t>`: load, schema-check and resolve every mapping of a tenant.
import type { Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import { ioOf, setExitCode } from '../context.ts';
import { printDiagnostics } from '../report.ts';
import { TENANT_FLAGS, TENANT_HELP, projectRoot } from './tenant-arg.ts';

interface ValidateFlags {
  readonly tenant: string;
  readonly json?: boolean;
  readonly root: string;
  readonly schemaOnly?: boolean;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check a tenant and its mappings (YAML, schema, names and types against metadata)')
    .requiredOption(TENANT_FLAGS, TENANT_HELP)
    .option('--json', 'print diagnostics as a JSON array')
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .option('--schema-only', 'stop after schema validation (no metadata snapshots needed)')
    .action(async (flags: ValidateFlags, cmd: Command) => {
      const io = ioOf(cmd);
      const root = await projectRoot(cmd, flags);
      if (root === null) return;
      const { validateProject } = await import('../../compiler/index.ts'); // loaded on demand: it pulls in TypeScript
      const result = await validateProject({
        root,
        tenant: flags.tenant,
        schemaOnly: flags.schemaOnly === true,
      });
      const count = result.project.mappings.length;
      printDiagnostics(io, result.diagnostics, {
        json: flags.json === true,
        sources: result.sources,
        okMessage: `tenant ${flags.tenant}: ${count} mapping${count === 1 ? '' : 's'} valid`,
      });
      setExitCode(cmd, hasErrors(result.diagnostics) ? 1 : 0);
    });
}
