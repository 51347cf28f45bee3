// Shared by run/plan/status/replay/dlq: --tenant/--root checks, compile-if-stale, runtime, exit codes.
//
// Exit codes of the runtime commands:
//   0 ok · 1 some records dead-lettered or a flow failed · 2 usage error
//   3 configuration, secret or authentication error · 4 schema drift (live metadata ≠ bundle)
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import type { TenantFile } from '../../core/model/tenant.ts';
import { EXIT, exitCodeOf, exitCodeOfCode } from '../../core/errors.ts';
import type { Freshness, RunReport, Runtime } from '../../runtime/index.ts';
import type { LogFormat, Logger } from '../../runtime/log.ts';
import { ioOf, setExitCode, type CliIo } from '../context.ts';
import { printDiagnostics } from '../report.ts';
import { TENANT_FLAGS, TENANT_HELP, tenantProblem } from './tenant-arg.ts';

export { EXIT };

export interface SessionFlags {
  readonly tenant: string;
  readonly root: string;
  readonly log?: string;
  readonly compile?: boolean;
}

export interface Session {
  readonly rt: Runtime;
  readonly io: CliIo;
  readonly logger: Logger;
  readonly tenant: TenantFile;
  readonly root: string;
  /** Read-only sessions: the bundle is older than its inputs (it was not recompiled). */
  readonly stale: Freshness | null;
}

export function withSessionOptions(cmd: Command): Command {
  return cmd
    .requiredOption(TENANT_FLAGS, TENANT_HELP)
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .option(
      '--log <format>',
      'log format: json | pretty | quiet (default: pretty on a terminal, json otherwise)',
    );
}

export function logFormat(flags: SessionFlags): LogFormat {
  const f = flags.log ?? (process.stderr.isTTY === true ? 'pretty' : 'json');
  return f === 'json' || f === 'pretty' || f === 'quiet' ? f : 'json';
}

/**
 * Opens the runtime, compiling first when the bundle is missing or older than its inputs. Null = exit code set.
 * `apis: false` (status, dlq list) opens only the bundle and the state store, so no secrets are needed;
 * `readOnly` never compiles: a stale bundle is reported (`Session.stale`) and read as it is.
 */
export async function openSession(
  cmd: Command,
  flags: SessionFlags,
  opts: { apis?: boolean; readOnly?: boolean } = {},
): Promise<Session | null> {
  const io = ioOf(cmd);
  const root = path.resolve(flags.root);
  const problem = await tenantProblem(root, flags.tenant);
  if (problem !== null) return fail(cmd, io, EXIT.usage, problem);
  if (flags.log !== undefined && !['json', 'pretty', 'quiet'].includes(flags.log))
    return fail(cmd, io, EXIT.usage, `--log must be json, pretty or quiet`);
  // Loaded on demand so that `ferry --version` and `--help` start fast.
  const { loadProject } = await import('../../compiler/project/index.ts');
  const project = await loadProject({ root, tenant: flags.tenant });
  if (project.tenant === null || hasErrors(project.diagnostics)) {
    printDiagnostics(io, project.diagnostics, {
      json: false,
      sources: new Map(project.documents.map((d) => [d.file, d.text])),
    });
    return fail(cmd, io, EXIT.config, `tenant ${flags.tenant} is not valid`);
  }
  const { createLogger } = await import('../../runtime/log.ts');
  const { bundleFreshness, createRuntime } = await import('../../runtime/index.ts');
  const logger = createLogger({ format: logFormat(flags) });
  const bundleDir = path.join(root, 'dist', flags.tenant);
  const metadataDir = path.join(project.tenantDir, 'metadata');
  let stale: Freshness | null = null;
  if (opts.readOnly === true) {
    // Read-only commands never write dist/: they say the bundle is stale and read it as it is.
    const fresh = await bundleFreshness(root, bundleDir, metadataDir);
    if (fresh.state === 'stale') {
      stale = fresh;
      io.err(staleWarning(path.relative(root, bundleDir) || '.', flags.tenant, fresh));
    }
  } else if (flags.compile !== false) {
    const fresh = await bundleFreshness(root, bundleDir, metadataDir);
    if (fresh.state !== 'fresh') {
      logger.info(
        { tenant: flags.tenant, reason: fresh.state, changed: fresh.changed.slice(0, 10) },
        'compiling: bundle is missing or older than its inputs',
      );
      // Loaded only here: the compiler pulls in ts-morph/TypeScript (~77 MB RSS) that a fresh bundle never needs.
      const { compileProject } = await import('../../compiler/index.ts');
      const result = await compileProject({ root, tenant: flags.tenant });
      if (hasErrors(result.diagnostics) || result.files === null) {
        printDiagnostics(io, result.diagnostics, { json: false, sources: result.sources });
        return fail(cmd, io, EXIT.config, 'compile failed');
      }
    }
  }
  try {
    const rt = await createRuntime({
      tenantDir: project.tenantDir,
      tenant: project.tenant.value,
      bundleDir,
      logger,
      ...(opts.apis === false ? { apis: false } : {}),
    });
    return { rt, io, logger, tenant: project.tenant.value, root, stale };
  } catch (err) {
    return fail(cmd, io, exitCodeForError(err), err instanceof Error ? err.message : String(err));
  }
}

/** The registry decides each code's exit code (docs/errors.md). */
export const exitCodeForError = exitCodeOf;

/** Drift (4) outranks configuration (3), which outranks any other failure (1). */
export function exitCodeForReport(report: RunReport): number {
  const codes = report.flows.filter((f) => f.outcome === 'failed').map((f) => exitCodeOfCode(f.errorCode));
  if (codes.includes(EXIT.drift)) return EXIT.drift;
  if (codes.includes(EXIT.config)) return EXIT.config;
  return report.ok ? EXIT.ok : EXIT.failed;
}

/** What a read-only command says about a stale bundle: which inputs changed and how to update it. */
export function staleWarning(where: string, tenant: string, fresh: Freshness): string {
  const shown = fresh.changed.slice(0, 5).join(', ');
  const more = fresh.changed.length > 5 ? ` and ${fresh.changed.length - 5} more` : '';
  return `warning: the bundle at ${where} is stale (changed since it was compiled: ${shown}${more}); shown as compiled. Update it with: ferry compile --tenant ${tenant}`;
}

function fail(cmd: Command, io: CliIo, code: number, message: string): null {
  io.err(`error: ${message}`);
  setExitCode(cmd, code);
  return null;
}

/** SIGINT/SIGTERM abort the run gracefully (current page finishes, checkpoint stays consistent). */
export function abortOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { signal: ac.signal, dispose: () => (process.off('SIGINT', stop), process.off('SIGTERM', stop)) };
}

/** Runs a command body that returns its exit code; a thrown error becomes its exit code; the session always closes. */
export async function withSession(cmd: Command, s: Session, body: () => Promise<number>): Promise<void> {
  try {
    setExitCode(cmd, await body());
  } catch (err) {
    s.io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    setExitCode(cmd, exitCodeForError(err));
  } finally {
    await s.rt.close();
  }
}
