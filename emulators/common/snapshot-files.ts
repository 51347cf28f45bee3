// Reads the JSON files of one snapshot folder (tenants/<t>/metadata/...), in name order.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonText } from './json.ts';

export interface SnapshotFile {
  /** File name without `.json`: the fallback name of what it describes. */
  readonly stem: string;
  readonly json: unknown;
}

/** Every `*.json` file of `dir`; a missing folder is an empty snapshot. */
export async function readJsonFiles(dir: string): Promise<SnapshotFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: SnapshotFile[] = [];
  for (const f of names.filter((n) => n.endsWith('.json')).sort())
    out.push({
      stem: f.slice(0, -'.json'.length),
      json: parseJsonText(await readFile(join(dir, f), 'utf8')),
    });
  return out;
}
