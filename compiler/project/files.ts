// File access for the project loader: root-relative forward-slash paths, read errors as data.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Path as shown in diagnostics: relative to the root, with forward slashes. */
export const displayPath = (root: string, file: string): string =>
  path.relative(root, file).split(path.sep).join('/');

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

export type ReadResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export async function readText(file: string): Promise<ReadResult> {
  try {
    return { ok: true, text: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, reason: typeof code === 'string' ? code : 'unreadable' };
  }
}
