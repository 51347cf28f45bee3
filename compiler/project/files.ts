// File access for the project loader: root-relative forward-slash paths, read errors as data.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readContained, type ContainedRead } from '../load/contained.ts';

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

export type ReadResult = ContainedRead;

/** A project file's text; files whose real path leaves the project root are refused. */
export const readText = (root: string, file: string): Promise<ReadResult> => readContained(root, file);
