// Shared checks for --tenant / --root: a bad tenant is a usage error (exit 2), not a diagnostic.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ioOf, setExitCode } from '../context.ts';

const TENANT_NAME = /^[a-z][a-z0-9-]*$/;

/** The one spelling of the tenant option, so `-t` works on every command that takes a tenant. */
export const TENANT_FLAGS = '-t, --tenant <name>';
export const TENANT_HELP = 'tenant folder under tenants/';

/** null when usable, else the message to print. */
export async function tenantProblem(root: string, tenant: string): Promise<string | null> {
  if (!TENANT_NAME.test(tenant))
    return `invalid tenant name "${tenant}": use lowercase letters, digits and "-"`;
  try {
    await stat(path.join(root, 'tenants', tenant, 'tenant.yaml'));
    return null;
  } catch {
    const known = await listTenants(root);
    const list = known.length > 0 ? `; known tenants: ${known.join(', ')}` : '';
    return `unknown tenant "${tenant}": ${path.join('tenants', tenant, 'tenant.yaml')} not found under ${root}${list}`;
  }
}

async function listTenants(root: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(root, 'tenants'), { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** The absolute project root when --tenant names a tenant there; otherwise prints why, sets exit 2, null. */
export async function projectRoot(
  cmd: Command,
  flags: { readonly root: string; readonly tenant: string },
): Promise<string | null> {
  const root = path.resolve(flags.root);
  const problem = await tenantProblem(root, flags.tenant);
  if (problem === null) return root;
  ioOf(cmd).err(`error: ${problem}`);
  setExitCode(cmd, 2);
  return null;
}
