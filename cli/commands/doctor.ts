// `ferry doctor --tenant t`: checks a tenant against both live services before the first run.
import type { Command } from 'commander';
import type { Finding } from '../../runtime/doctor/index.ts';
import { FRONTEND_CODES } from '../../compiler/diagnostics/codes.ts';
import { ioOf, setExitCode } from '../context.ts';
import { DOCTOR_EXIT, doctorJson, doctorTable } from '../doctor/format.ts';
import { printDiagnostics } from '../report.ts';
import { knownPaths, resourcePath } from './metadata.ts';
import { knownTargets } from './metadata-targets.ts';
import { EXIT, logFormat } from './runtime-session.ts';
import { TENANT_FLAGS, TENANT_HELP, projectRoot } from './tenant-arg.ts';
import path from 'node:path';

interface DoctorFlags {
  readonly tenant: string;
  readonly root: string;
  readonly json?: boolean;
  readonly log?: string;
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description(
      'check a tenant before the first run: tokens, privileges, change tracking, keys, Campaign setup, clock and rate limits (exit 0 ok, 5 warnings, 6 failures)',
    )
    .requiredOption(TENANT_FLAGS, TENANT_HELP)
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .option('--json', 'print the findings as one JSON document')
    .option('--log <format>', 'log format: json | pretty | quiet', 'quiet')
    .action(async (flags: DoctorFlags, cmd: Command) => {
      const io = ioOf(cmd);
      const root = await projectRoot(cmd, flags);
      if (root === null) return;
      const { loadProject } = await import('../../compiler/project/index.ts');
      const project = await loadProject({ root, tenant: flags.tenant });
      // Placeholders are one of doctor's own findings; any other error stops it (validate explains them).
      const blocking = project.diagnostics.filter(
        (d) => d.severity === 'error' && d.code !== FRONTEND_CODES.placeholder.code,
      );
      const { placeholderFindings, runDoctor, worst } = await import('../../runtime/doctor/index.ts');
      const report = (findings: readonly Finding[]): void => {
        const w = worst(findings);
        io.out(flags.json === true ? doctorJson(flags.tenant, w, findings) : doctorTable(findings));
        setExitCode(cmd, DOCTOR_EXIT[w]);
      };
      const tenantDoc = project.documents[0];
      if (project.tenant === null && blocking.length === 0 && tenantDoc !== undefined)
        return report(placeholderFindings(tenantDoc.text));
      if (project.tenant === null || blocking.length > 0) {
        printDiagnostics(io, blocking, {
          json: false,
          sources: new Map(project.documents.map((d) => [d.file, d.text])),
        });
        return setExitCode(cmd, EXIT.config);
      }
      const paths = await knownPaths(path.join(root, 'dist', flags.tenant));
      const { connectTenant } = await import('../../runtime/connectors/index.ts');
      const { createLogger } = await import('../../runtime/log.ts');
      let conn;
      try {
        // One retry at most: doctor reports a failing endpoint rather than waiting it out.
        const format = logFormat(flags);
        conn = await connectTenant(project.tenant.value, project.tenantDir, {
          ...(format === 'quiet' ? {} : { logger: createLogger({ format }) }),
          retry: { maxAttempts: 2, baseDelayMs: 200 },
        });
        const findings = await runDoctor({
          tenant: project.tenant.value,
          tenantText: project.tenant.doc.text,
          mappings: project.mappings.map((m) => m.value),
          pathOf: (r) => paths.get(r) ?? resourcePath(r),
          conn,
          flavorTargets: await knownTargets(path.join(root, 'dist', flags.tenant)),
        });
        report(findings);
      } catch (err) {
        // Only a credential that cannot even be read (a missing secret, an unreadable key file) ends here.
        report([
          {
            check: 'credentials',
            status: 'fail',
            detail: err instanceof Error ? err.message : String(err),
            fix: 'Set the secret the tenant file names (docs/tenant-reference.md, Secrets), then run ferry doctor again.',
          },
        ]);
      } finally {
        await conn?.close();
      }
    });
}
