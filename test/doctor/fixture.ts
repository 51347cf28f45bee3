// A sandbox (emulators on port 0) and a temp copy of the sandbox project pointing at it, with a `ferry`
// runner that captures output; tests change the emulators or the tenant file to make one check fail.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from '../../cli/context.ts';
import { main } from '../../cli/main.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../emulators/sandbox/index.ts';
import { sandboxProject } from '../support/sandbox-project.ts';

export interface DoctorFinding {
  check: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix: string;
}

export interface DoctorFixture {
  readonly sb: Sandbox;
  readonly root: string;
  ferry(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  /** `ferry doctor --json`: exit code and findings. */
  doctor(): Promise<{ code: number; worst: string; findings: DoctorFinding[] }>;
  /** Rewrites tenants/sandbox/tenant.yaml through `edit`. */
  editTenant(edit: (yaml: string) => string): Promise<void>;
  close(): Promise<void>;
}

export async function doctorFixture(opts: SandboxOptions = {}): Promise<DoctorFixture> {
  const saved = { ...process.env };
  const sb = await startSandbox({ contacts: 5, seed: 2, initialDelivery: false, ...opts });
  const root = await sandboxProject(sb.info, { prefix: 'ferry-doctor-' });
  const tenantFile = path.join(root, 'tenants/sandbox/tenant.yaml');
  const ferry: DoctorFixture['ferry'] = async (...args) => {
    let out = '';
    let err = '';
    const io: CliIo = {
      out: (t) => void (out += `${t}\n`),
      err: (t) => void (err += `${t}\n`),
      color: false,
    };
    const code = await main([...args, '--root', root], io);
    return { code, out, err };
  };
  return {
    sb,
    root,
    ferry,
    async doctor() {
      const r = await ferry('doctor', '--tenant', 'sandbox', '--json');
      if (r.out === '') throw new Error(`doctor printed nothing (exit ${r.code}): ${r.err}`);
      const doc = JSON.parse(r.out) as { worst: string; findings: DoctorFinding[] };
      return { code: r.code, worst: doc.worst, findings: doc.findings };
    },
    async editTenant(edit) {
      await writeFile(tenantFile, edit(await readFile(tenantFile, 'utf8')));
    },
    async close() {
      process.env = saved;
      await sb.close();
    },
  };
}
