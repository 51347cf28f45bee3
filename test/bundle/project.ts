// A throwaway copy of the sandbox project (mappings, schemas, tenant) to compile and load bundles from.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileProject } from '../../compiler/index.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');

export function copyProject(prefix: string): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const dir of ['mappings', 'schemas'])
    cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  cpSync(path.join(REPO, 'tenants', 'sandbox'), path.join(root, 'tenants', 'sandbox'), {
    recursive: true,
    filter: (src) => !src.includes(path.join('tenants', 'sandbox', '.state')),
  });
  return root;
}

/** Compiles tenant sandbox of `root` into `out` (default dist/sandbox); fails the test on diagnostics. */
export async function compileSandbox(root: string, out?: string): Promise<Map<string, string>> {
  const res = await compileProject({ root, tenant: 'sandbox', ...(out === undefined ? {} : { out }) });
  if (!res.files) throw new Error(`did not compile: ${JSON.stringify(res.diagnostics.slice(0, 3))}`);
  return new Map(res.files);
}

/** Rewrites one mapping file in place. */
export function editMapping(root: string, file: string, from: string, to: string): void {
  const p = path.join(root, 'mappings', file);
  const text = readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(p, text.replace(from, to));
}

/** A contact row the default contacts mapping accepts. */
export const ROW = {
  contactid: '0a',
  emailaddress1: '  Ann@Example.COM ',
  firstname: 'Ann',
  lastname: 'Lee',
  gendercode: 2,
  birthdate: '1980-10-24',
  telephone1: '+33 1',
  donotbulkemail: true,
};
