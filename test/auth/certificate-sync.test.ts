// End to end: a tenant with a certificate credential gets its Dynamics token from an Entra emulator
// that knows only the certificate, and the sandbox bundle syncs contacts to Campaign.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../compiler/project/index.ts';
import type { TenantFile } from '../../core/model/tenant.ts';
import { startEntraEmulator, type EntraEmulator } from '../../emulators/entra/index.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import { createRuntime, type Runtime } from '../../runtime/index.ts';
import { compileSandbox, ROOT } from '../engine/integration/setup.ts';
import { makeCert } from './certs.ts';

let sb: Sandbox;
let entra: EntraEmulator;
let rt: Runtime;

beforeAll(async () => {
  const [bundleDir, cert] = await Promise.all([compileSandbox(), makeCert('ferry-sync')]);
  sb = await startSandbox({ contacts: 8, seed: 5 });
  // Same token registry as the sandbox's Dataverse, so tokens from this Entra are accepted there.
  entra = await startEntraEmulator({
    tokens: sb.entra.tokens,
    clients: [{ clientId: SANDBOX.dynamicsClientId, certificates: [cert.certPem] }],
  });
  const project = await loadProject({ root: ROOT, tenant: 'sandbox' });
  if (project.tenant === null) throw new Error('tenants/sandbox/tenant.yaml is invalid');
  const { clientSecret: _secret, ...dynamics } = project.tenant.value.dynamics;
  const tenant: TenantFile = {
    ...project.tenant.value,
    dynamics: {
      ...dynamics,
      url: sb.info.dynamics.url,
      tokenUrl: entra.tokenEndpoint(),
      certificate: { privateKey: { file: cert.keyPath }, certificate: { file: cert.certPath } },
    },
  };
  rt = await createRuntime({
    tenantDir: project.tenantDir,
    tenant,
    bundleDir,
    overrides: {
      campaign: {
        url: sb.info.campaign.url,
        imsTokenUrl: sb.info.campaign.imsTokenUrl,
        journalUrl: sb.info.campaign.journalUrl,
        callsPerSecond: 5000,
      },
      state: 'sqlite::memory:',
      env: { FERRY_SANDBOX_CAMPAIGN_SECRET: sb.info.campaign.clientSecret },
    },
  });
});
afterAll(async () => {
  await rt?.close();
  await entra?.close();
  await sb?.close();
});

describe('certificate credential end to end', () => {
  it('syncs contacts with a token obtained by client assertion, never by secret', async () => {
    const r = await rt.runOnce({ mode: 'incremental', flows: ['contacts'] });
    expect(r.flows.map((f) => f.outcome)).toEqual(['ok']);
    expect(r.flows[0]?.counts['created']).toBeGreaterThan(0);
    expect(entra.counters['issued']).toBe(1);
    // The sandbox's own Entra (the one with the client secret) was never asked.
    expect(sb.entra.counters['issued']).toBeUndefined();
  });
});
