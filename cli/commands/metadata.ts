// `ferry metadata pull` (live, one side or both) and `ferry metadata import` (exported files) into
// tenants/<t>/metadata/, with a summary of what changed and a refusal to write a poorer snapshot.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import type { LoadedProject } from '../../compiler/project/types.ts';
import { ioOf, setExitCode } from '../context.ts';
import { printDiagnostics } from '../report.ts';
import { applySnapshot, currentSnapshot } from './metadata-apply.ts';
import { bundleDir, knownPaths, metadataTargets } from './metadata-targets.ts';
import { EXIT, exitCodeForError, logFormat } from './runtime-session.ts';
import { TENANT_FLAGS, TENANT_HELP, projectRoot } from './tenant-arg.ts';

export { knownPaths, metadataTargets, resourcePath } from './metadata-targets.ts';

interface WriteFlags {
  readonly tenant: string;
  readonly root: string;
  readonly dryRun?: boolean;
  readonly force?: boolean;
}
interface PullFlags extends WriteFlags {
  readonly log?: string;
  readonly dynamics?: boolean;
  readonly campaign?: boolean;
  readonly entities?: string;
}

/** The project, or null after printing why it cannot be used (exit code set). */
async function project(cmd: Command, flags: WriteFlags): Promise<LoadedProject | null> {
  const root = await projectRoot(cmd, flags);
  if (root === null) return null;
  const { loadProject } = await import('../../compiler/project/index.ts');
  const p = await loadProject({ root, tenant: flags.tenant });
  if (p.tenant !== null && !hasErrors(p.diagnostics)) return p;
  printDiagnostics(ioOf(cmd), p.diagnostics, {
    json: false,
    sources: new Map(p.documents.map((d) => [d.file, d.text])),
  });
  setExitCode(cmd, EXIT.config);
  return null;
}

const writeOptions = (c: Command): Command =>
  c
    .requiredOption(TENANT_FLAGS, TENANT_HELP)
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .option('--dry-run', 'print what would change and write nothing')
    .option(
      '--force',
      'write even when the new snapshot lacks option labels, lengths or tables the current one has',
    );

async function pull(flags: PullFlags, cmd: Command): Promise<void> {
  const io = ioOf(cmd);
  const p = await project(cmd, flags);
  if (p === null || p.tenant === null) return;
  // Neither flag: both sides, as before.
  const both = flags.dynamics !== true && flags.campaign !== true;
  const paths = await knownPaths(bundleDir(p.root, flags.tenant));
  const mappings = p.mappings.map((m) => m.value);
  const { entities, resources } = metadataTargets(mappings, paths);
  const extra = (flags.entities ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const { connectTenant, collectMetadata } = await import('../../runtime/connectors/index.ts');
  const { createLogger } = await import('../../runtime/log.ts');
  let conn;
  try {
    conn = await connectTenant(p.tenant.value, p.tenantDir, {
      logger: createLogger({ format: logFormat(flags) }),
      ...(both ? {} : { only: flags.dynamics === true ? ('dynamics' as const) : ('campaign' as const) }),
    });
    const files = await collectMetadata(
      {
        ...(both || flags.dynamics === true ? { dynamics: conn.dynamics } : {}),
        ...(both || flags.campaign === true ? { campaign: conn.campaign } : {}),
      },
      [...new Set([...entities, ...extra])],
      resources,
    );
    const code = await applySnapshot(io, {
      root: p.root,
      metadataDir: path.join(p.tenantDir, 'metadata'),
      files,
      mappings,
      dryRun: flags.dryRun === true,
      force: flags.force === true,
    });
    setExitCode(cmd, code);
  } catch (err) {
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    setExitCode(cmd, exitCodeForError(err));
  } finally {
    await conn?.close();
  }
}

async function importFiles(files: string[], flags: WriteFlags, cmd: Command): Promise<void> {
  const io = ioOf(cmd);
  const p = await project(cmd, flags);
  if (p === null) return;
  const { importFile, ImportError } = await import('../../core/metadata/import-files.ts');
  const metadataDir = path.join(p.tenantDir, 'metadata');
  const { readdir } = await import('node:fs/promises');
  const list = async (sub: string): Promise<string[]> =>
    (await readdir(path.join(metadataDir, sub)).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `${sub}/${f}`);
  // Start from the current snapshot, so typed casts and filter listings merge into files already there.
  const current = await currentSnapshot(metadataDir, [
    'dynamics/metadata.xml',
    ...(await list('dynamics/entities')),
    ...(await list('campaign')),
  ]);
  const next = new Map(current);
  const touched = new Set<string>();
  try {
    for (const file of files)
      io.out(`${file}: ${importFile(next, path.basename(file), await readFile(file, 'utf8'), touched)}`);
  } catch (err) {
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return setExitCode(cmd, err instanceof ImportError ? EXIT.config : EXIT.failed);
  }
  const code = await applySnapshot(io, {
    root: p.root,
    metadataDir,
    files: new Map([...next].filter(([rel]) => touched.has(rel))),
    mappings: p.mappings.map((m) => m.value),
    dryRun: flags.dryRun === true,
    force: flags.force === true,
  });
  setExitCode(cmd, code);
}

export function register(program: Command): void {
  const metadata = program.command('metadata').description('metadata snapshots the compiler works from');
  writeOptions(
    metadata
      .command('pull')
      .description(
        'save live $metadata, attribute definitions and Campaign resource metadata into tenants/<t>/metadata/',
      ),
  )
    .option('--dynamics', 'pull only Dynamics ($metadata and attribute definitions)')
    .option('--campaign', 'pull only Campaign resource metadata')
    .option(
      '--entities <names>',
      'more tables to pull, comma-separated (the mappings’ tables are always pulled)',
    )
    .option('--log <format>', 'log format: json | pretty | quiet')
    .action(pull);
  writeOptions(
    metadata
      .command('import')
      .description(
        'add exported files to tenants/<t>/metadata/: $metadata XML, EntityDefinitions JSON (with typed-cast option sets), Campaign resourceType JSON and its filters',
      )
      .argument('<files...>', 'exported files; a Campaign filters listing after its resourceType file'),
  ).action(importFiles);
}
