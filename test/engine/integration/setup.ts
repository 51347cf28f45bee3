// Shared by the integration tests: compile the sandbox tenant, point a runtime at emulators on port 0.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject } from '../../../compiler/index.ts';
import { loadProject } from '../../../compiler/project/index.ts';
import type { SandboxInfo } from '../../../emulators/sandbox/index.ts';
import { createRuntime, type Runtime } from '../../../runtime/index.ts';

export const ROOT = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** Compiles tenants/sandbox into a fresh temp folder; returns the bundle dir. */
export async function compileSandbox(): Promise<string> {
  const out = path.join(await mkdtemp(path.join(tmpdir(), 'ferry-g-')), 'dist');
  const r = await compileProject({ root: ROOT, tenant: 'sandbox', out });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || r.files === null)
    throw new Error(`sandbox does not compile: ${errors.map((d) => d.message).join('; ')}`);
  return out;
}

export async function sandboxRuntime(info: SandboxInfo, bundleDir: string, state: string): Promise<Runtime> {
  const project = await loadProject({ root: ROOT, tenant: 'sandbox' });
  if (project.tenant === null) throw new Error('tenants/sandbox/tenant.yaml is invalid');
  return createRuntime({
    tenantDir: project.tenantDir,
    tenant: project.tenant.value,
    bundleDir,
    overrides: {
      dynamics: { url: info.dynamics.url, tokenUrl: info.dynamics.tokenUrl },
      // Tests are not licence-bound: lift the engine-call pacing so runs take seconds.
      campaign: {
        url: info.campaign.url,
        imsTokenUrl: info.campaign.imsTokenUrl,
        journalUrl: info.campaign.journalUrl,
        callsPerSecond: 5000,
        concurrency: 8,
      },
      state,
      env: {
        FERRY_SANDBOX_DYNAMICS_SECRET: info.dynamics.clientSecret,
        FERRY_SANDBOX_CAMPAIGN_SECRET: info.campaign.clientSecret,
      },
    },
  });
}
