// `ferry provision`: create in Dynamics what the events mappings need (activity tables, columns, the alternate key
// on the event id) through the Web API metadata endpoints; print the Campaign checklist (Campaign has no API).
import type { Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import { EXIT, exitCodeOfCode } from '../../core/errors.ts';
import type { Problem, ProvisionResult } from '../../runtime/provision/index.ts';
import { ioOf, setExitCode, type CliIo } from '../context.ts';
import { printDiagnostics } from '../report.ts';
import { exitCodeForError, logFormat } from './runtime-session.ts';
import { TENANT_FLAGS, TENANT_HELP, projectRoot } from './tenant-arg.ts';

interface Flags {
  readonly tenant: string;
  readonly root: string;
  readonly dryRun?: boolean;
  readonly solution?: string;
  readonly wait: string;
  readonly log?: string;
}

const POLL_MS = 5_000;

export function register(program: Command): void {
  program
    .command('provision')
    .description(
      'create the Dynamics activity tables, columns and alternate keys the events mappings need; print the Campaign checklist',
    )
    .requiredOption(TENANT_FLAGS, TENANT_HELP)
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .option('--dry-run', 'show what would be created (request bodies summarised) and create nothing')
    .option(
      '--solution <uniqueName>',
      'add what is created to this unmanaged solution (MSCRM.SolutionUniqueName)',
    )
    .option('--wait <seconds>', 'how long to wait for new alternate keys to become Active', '600')
    .option('--log <format>', 'log format: json | pretty | quiet')
    .action(async (flags: Flags, cmd: Command) => {
      const io = ioOf(cmd);
      const wait = Number(flags.wait);
      if (!Number.isFinite(wait) || wait < 0) {
        io.err('error: --wait must be a number of seconds');
        return setExitCode(cmd, EXIT.usage);
      }
      const root = await projectRoot(cmd, flags);
      if (root === null) return;
      const { loadProject } = await import('../../compiler/project/index.ts');
      const project = await loadProject({ root, tenant: flags.tenant });
      if (project.tenant === null || hasErrors(project.diagnostics)) {
        printDiagnostics(io, project.diagnostics, {
          json: false,
          sources: new Map(project.documents.map((d) => [d.file, d.text])),
        });
        return setExitCode(cmd, EXIT.config);
      }
      const mappings = project.mappings.map((m) => m.value);
      // Loaded on demand: `ferry --help` need not pay for the connectors.
      const { connectTenant } = await import('../../runtime/connectors/index.ts');
      const { createLogger } = await import('../../runtime/log.ts');
      const p = await import('../../runtime/provision/index.ts');
      let conn;
      try {
        conn = await connectTenant(project.tenant.value, project.tenantDir, {
          logger: createLogger({ format: logFormat(flags) }),
        });
        const api = p.metadataApi(conn.dynamics.http, flags.solution);
        const dryRun = flags.dryRun === true;
        const result = await p.provision(api, mappings, {
          dryRun,
          wait: {
            timeoutMs: wait * 1000,
            intervalMs: Math.min(POLL_MS, Math.max(wait * 1000, 1)),
            now: Date.now,
            sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
          },
          onStep: (a) => io.out(`created ${a.step.summary}`),
        });
        report(io, result, dryRun);
        io.out('');
        for (const line of p.campaignChecklist(p.campaignNeeds(mappings))) io.out(line);
        setExitCode(cmd, worst(result.problems));
      } catch (err) {
        io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
        setExitCode(cmd, exitCodeForError(err));
      } finally {
        await conn?.close();
      }
    });
}

function report(io: CliIo, r: ProvisionResult, dryRun: boolean): void {
  if (dryRun) {
    for (const s of r.plan.steps) io.out(`would create ${s.summary}\n  POST ${s.path}`);
    if (r.plan.steps.length === 0) io.out('Dynamics: nothing to create');
  } else if (r.applied.length === 0 && !r.problems.some((p) => p.severity === 'error'))
    io.out('Dynamics: nothing to create, everything the events mappings need is in place');
  for (const t of r.plan.inPlace) io.out(`in place: ${t}`);
  for (const pr of r.problems) io.out(`${pr.severity}: ${pr.message}\n  fix: ${pr.fix}`);
}

/** Exit code of the worst problem; warnings and infos leave it 0. */
function worst(problems: readonly Problem[]): number {
  const codes = problems.filter((p) => p.severity === 'error').map((p) => exitCodeOfCode(p.code));
  return codes.length ? Math.max(...codes) : EXIT.ok;
}
