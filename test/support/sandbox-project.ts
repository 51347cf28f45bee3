// A temporary copy of the sandbox project (mappings, schemas, tenant) whose tenant file points at
// running emulators; secrets go into the environment the tenant file names.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxInfo } from '../../emulators/sandbox/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SandboxProjectOptions {
  /** Prefix of the temporary folder's name. */
  readonly prefix: string;
  /** Another IMS token endpoint (e.g. a hostile one) instead of the emulator's. */
  readonly imsTokenUrl?: string;
  /** Lift Campaign pacing so a pass takes seconds (tests are not licence-bound). */
  readonly fast?: boolean;
  /** The tenant folder to copy (default `sandbox`; e.g. `sandbox-classic`). */
  readonly tenant?: string;
}

export async function sandboxProject(info: SandboxInfo, opts: SandboxProjectOptions): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), opts.prefix));
  await cp(path.join(ROOT, 'mappings'), path.join(root, 'mappings'), { recursive: true });
  await cp(path.join(ROOT, 'schemas'), path.join(root, 'schemas'), { recursive: true });
  const tenant = `tenants/${opts.tenant ?? 'sandbox'}`;
  await cp(path.join(ROOT, tenant), path.join(root, tenant), {
    recursive: true,
    filter: (src) => !src.includes('.state'),
  });
  const file = path.join(root, tenant, 'tenant.yaml');
  let yaml = (await readFile(file, 'utf8'))
    .replace(/url: http:\/\/127\.0\.0\.1:7401/, `url: ${info.dynamics.url}`)
    .replace(/tokenUrl: .*/, `tokenUrl: ${info.dynamics.tokenUrl}`)
    .replace(/url: http:\/\/127\.0\.0\.1:7403\/ferrysandbox\/campaign/, `url: ${info.campaign.url}`)
    .replace(/imsTokenUrl: .*/, `imsTokenUrl: ${opts.imsTokenUrl ?? info.campaign.imsTokenUrl}`)
    .replace(/journalUrl: .*/, `journalUrl: ${info.campaign.journalUrl}`);
  if (opts.fast === true) yaml = yaml.replace(/callsPerSecond: \d+/, 'callsPerSecond: 5000');
  await writeFile(file, yaml);
  process.env['FERRY_SANDBOX_DYNAMICS_SECRET'] = info.dynamics.clientSecret;
  process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'] = info.campaign.clientSecret;
  return root;
}
