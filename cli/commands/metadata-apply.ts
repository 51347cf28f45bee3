// Writes a new metadata snapshot over tenants/<t>/metadata/ after saying what changed and which mappings
// it touches; refuses one that is poorer than what is there (option labels, lengths, tables) unless forced.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { diffSnapshot, type SnapshotFiles } from '../../core/metadata/snapshot-diff.ts';
import type { Mapping } from '../../core/model/mapping.ts';
import type { CliIo } from '../context.ts';
import { metadataTargets } from './metadata-targets.ts';
import { EXIT } from './runtime-session.ts';

export interface ApplyOptions {
  readonly root: string;
  readonly metadataDir: string;
  readonly files: SnapshotFiles;
  readonly mappings: readonly Mapping[];
  readonly dryRun: boolean;
  readonly force: boolean;
}

/** The current snapshot's text of every path in `files` (absent files left out). */
export async function currentSnapshot(dir: string, rels: Iterable<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of rels) {
    try {
      out.set(rel, await readFile(path.join(dir, ...rel.split('/')), 'utf8'));
    } catch {
      // Not there yet: the new file is an addition.
    }
  }
  return out;
}

/** Mappings whose tables or resources appear in the diff. */
function affected(
  mappings: readonly Mapping[],
  entities: ReadonlySet<string>,
  resources: ReadonlySet<string>,
): string[] {
  return mappings
    .filter((m) => {
      const t = metadataTargets([m]);
      return t.entities.some((e) => entities.has(e)) || t.resources.some((r) => resources.has(r.resource));
    })
    .map((m) => m.name);
}

/** Prints the summary, then writes (or not); returns the exit code. */
export async function applySnapshot(io: CliIo, o: ApplyOptions): Promise<number> {
  const before = await currentSnapshot(o.metadataDir, o.files.keys());
  const diff = diffSnapshot(before, o.files);
  const changed = new Map([...o.files].filter(([rel, text]) => before.get(rel) !== text));
  if (diff.changes.length === 0) io.out('no change since the last snapshot');
  else {
    io.out('changes since the last snapshot:');
    for (const c of diff.changes) io.out(`  ${c}`);
  }
  const hit = affected(o.mappings, diff.entities, diff.resources);
  if (hit.length > 0) io.out(`mappings affected: ${hit.join(', ')}`);
  if (diff.losses.length > 0) {
    io.out(`the new snapshot lacks what the current one has:`);
    for (const l of diff.losses) io.out(`  ${l}`);
    if (!o.force) {
      io.err(
        'error: refusing to replace a fuller snapshot with a poorer one (the compiler would stop checking the above); ' +
          'export the missing parts (docs/real-tenant-setup.md) or pass --force',
      );
      return EXIT.config;
    }
    io.out('--force: writing it anyway');
  }
  const rel = (f: string) => path.relative(o.root, path.join(o.metadataDir, ...f.split('/')));
  if (o.dryRun) {
    for (const f of changed.keys()) io.out(`would write ${rel(f)}`);
    io.out(
      `dry run: ${changed.size} file(s) would change, ${o.files.size - changed.size} unchanged; nothing written`,
    );
    return EXIT.ok;
  }
  const { writeSnapshot } = await import('../../runtime/connectors/metadata-pull.ts');
  await writeSnapshot(o.metadataDir, changed);
  for (const f of changed.keys()) io.out(rel(f));
  io.out(
    `${changed.size} file(s) written, ${o.files.size - changed.size} unchanged; run ferry compile to use them`,
  );
  return EXIT.ok;
}
