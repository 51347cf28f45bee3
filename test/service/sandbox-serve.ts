// A compiled copy of the sandbox project against emulators in this process, and a runtime over it.
import path from 'node:path';
import { compileProject } from '../../compiler/index.ts';
import { loadProject } from '../../compiler/project/index.ts';
import type { Sandbox } from '../../emulators/sandbox/index.ts';
import { createRuntime, type Runtime } from '../../runtime/index.ts';
import { sandboxProject } from '../support/sandbox-project.ts';

export async function compiledSandbox(sb: Sandbox, prefix: string): Promise<string> {
  const root = await sandboxProject(sb.info, { prefix, fast: true });
  await compile(root);
  return root;
}

export async function compile(root: string, out?: string): Promise<void> {
  const r = await compileProject({ root, tenant: 'sandbox', ...(out ? { out } : {}) });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || r.files === null) throw new Error(errors.map((d) => d.message).join('; '));
}

export async function openRuntime(root: string): Promise<Runtime> {
  const p = await loadProject({ root, tenant: 'sandbox' });
  if (p.tenant === null) throw new Error('sandbox tenant invalid');
  return createRuntime({
    tenantDir: p.tenantDir,
    tenant: p.tenant.value,
    bundleDir: path.join(root, 'dist', 'sandbox'),
  });
}
