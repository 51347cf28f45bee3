// Opens every tenant `ferry serve` runs: its runtime (compiled first when stale) and, for SQLite, its state lock.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultStateUrl } from '../../runtime/state/default-url.ts';
import { lockFileOf, lockState } from '../../runtime/service/state-lock.ts';
import type { ServiceTenant } from '../../runtime/service/service.ts';
import { ioOf, setExitCode } from '../context.ts';
import { exitCodeForError, openSession, type Session, type SessionFlags } from './runtime-session.ts';

/** Tenant folders under tenants/ that hold a tenant.yaml, sorted. */
export async function allTenants(root: string): Promise<string[]> {
  const entries = await readdir(path.join(root, 'tenants'), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries)
    if (e.isDirectory() && (await stat(path.join(root, 'tenants', e.name, 'tenant.yaml')).catch(() => null)))
      out.push(e.name);
  return out.sort();
}

/** Null when one tenant could not be opened (message printed, exit code set, the others closed). */
export async function openTenants(
  cmd: Command,
  names: readonly string[],
  flags: Omit<SessionFlags, 'tenant'>,
): Promise<{ tenants: ServiceTenant[]; sessions: Session[] } | null> {
  const tenants: ServiceTenant[] = [];
  const sessions: Session[] = [];
  const undo = async (): Promise<null> => {
    for (const t of tenants) {
      await t.rt.close();
      t.release?.();
    }
    return null;
  };
  for (const name of names) {
    const s = await openSession(cmd, { ...flags, tenant: name });
    if (s === null) return undo();
    const tenantDir = path.join(s.root, 'tenants', name);
    let release: () => void;
    try {
      release = lockState(lockFileOf(defaultStateUrl(s.tenant), tenantDir));
    } catch (err) {
      await s.rt.close();
      ioOf(cmd).err(`error: tenant ${name}: ${err instanceof Error ? err.message : String(err)}`);
      setExitCode(cmd, exitCodeForError(err));
      return undo();
    }
    tenants.push({ name, rt: s.rt, release });
    sessions.push(s);
  }
  return { tenants, sessions };
}
