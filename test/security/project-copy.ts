// A throwaway copy of the sandbox project (tenant, metadata snapshots, mappings) for attack tests,
// plus `ferry validate` run in-process with its output captured.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.ts';
import { captureIo } from '../frontend/helpers.ts';

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ProjectCopy {
  /** The copy's root (holds tenants/ and mappings/). */
  readonly root: string;
  /** A folder next to the root: "outside the project". */
  readonly outside: string;
  readonly remove: () => void;
}

export function copyProject(): ProjectCopy {
  const base = mkdtempSync(path.join(tmpdir(), 'ferry-sec-'));
  const root = path.join(base, 'project');
  const outside = path.join(base, 'outside');
  cpSync(path.join(REPO, 'tenants', 'sandbox'), path.join(root, 'tenants', 'sandbox'), { recursive: true });
  cpSync(path.join(REPO, 'mappings'), path.join(root, 'mappings'), { recursive: true });
  cpSync(path.join(REPO, 'schemas'), path.join(root, 'schemas'), { recursive: true });
  cpSync(path.join(REPO, 'mappings'), outside, { recursive: true });
  return { root, outside, remove: () => rmSync(base, { recursive: true, force: true }) };
}

/** `ferry validate --tenant sandbox` on `root`: exit code and everything printed. */
export async function validateCli(root: string, json = false): Promise<{ code: number; output: string }> {
  const io = captureIo();
  const args = ['validate', '--tenant', 'sandbox', '--root', root, ...(json ? ['--json'] : [])];
  const code = await main(args, io);
  return { code, output: io.stdout() + io.stderr() };
}
