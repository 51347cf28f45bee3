// `ferry metadata pull`: save live Dynamics and Campaign metadata into tenants/<t>/metadata/.
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import type { Mapping } from '../../core/model/mapping.ts';
import { ioOf, setExitCode } from '../context.ts';
import { printDiagnostics } from '../report.ts';
import { EXIT, exitCodeForError, logFormat } from './runtime-session.ts';
import { TENANT_FLAGS, TENANT_HELP, projectRoot } from './tenant-arg.ts';

interface PullFlags {
  readonly tenant: string;
  readonly root: string;
  readonly log?: string;
}

/** Campaign endpoint of a resource without a compiled bundle: profile and cus* under profileAndServicesExt, others customResources. */
export function resourcePath(resource: string): string {
  return resource === 'profile' || resource.startsWith('cus')
    ? `profileAndServicesExt/${resource}`
    : `customResources/${resource}`;
}

/** Resource paths known from a compiled bundle (exact), when there is one. */
export async function knownPaths(bundleDir: string): Promise<ReadonlyMap<string, string>> {
  try {
    const { loadBundle } = await import('../../runtime/bundle/load.ts');
    const { bundle } = await loadBundle(bundleDir);
    return new Map(
      bundle.flows.flatMap((f) => (f.kind === 'events' ? [] : [[f.target.resource, f.target.path] as const])),
    );
  } catch {
    return new Map();
  }
}

/** Tables and resources the mappings use. Events also need the contact table and follow-up activity tables. */
export function metadataTargets(
  mappings: readonly Mapping[],
  paths: ReadonlyMap<string, string> = new Map(),
): { entities: string[]; resources: { resource: string; path: string }[] } {
  const entities = new Set<string>();
  const resources = new Set<string>();
  for (const m of mappings) {
    if (m.kind === 'events') {
      entities.add(m.contact.entity);
      for (const t of Object.values(m.types)) {
        entities.add(t.activity);
        if (t.followUp) entities.add(t.followUp.activity);
      }
    } else {
      entities.add(m.source.entity);
      resources.add(m.target.resource);
    }
  }
  return {
    entities: [...entities].sort(),
    resources: [...resources].sort().map((r) => ({ resource: r, path: paths.get(r) ?? resourcePath(r) })),
  };
}

export function register(program: Command): void {
  const metadata = program.command('metadata').description('metadata snapshots the compiler works from');
  metadata
    .command('pull')
    .description(
      'save live $metadata, attribute definitions and Campaign resource metadata into tenants/<t>/metadata/',
    )
    .requiredOption(TENANT_FLAGS, TENANT_HELP)
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .option('--log <format>', 'log format: json | pretty | quiet')
    .action(async (flags: PullFlags, cmd: Command) => {
      const io = ioOf(cmd);
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
      const paths = await knownPaths(path.join(root, 'dist', flags.tenant));
      const { entities, resources } = metadataTargets(
        project.mappings.map((m) => m.value),
        paths,
      );
      // The connectors (HTTP, auth) and the logger load on demand: `ferry --help` need not pay for them.
      const { connectTenant, pullMetadata } = await import('../../runtime/connectors/index.ts');
      const { createLogger } = await import('../../runtime/log.ts');
      let conn;
      try {
        conn = await connectTenant(project.tenant.value, project.tenantDir, {
          logger: createLogger({ format: logFormat(flags) }),
        });
        const out = path.join(project.tenantDir, 'metadata');
        const result = await pullMetadata(conn, entities, resources, out);
        for (const f of result.files) io.out(path.relative(root, path.join(out, f)));
        io.out(`${result.files.length} file(s) written; run ferry compile to use them`);
        setExitCode(cmd, EXIT.ok);
      } catch (err) {
        io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
        setExitCode(cmd, exitCodeForError(err));
      } finally {
        await conn?.close();
      }
    });
}
