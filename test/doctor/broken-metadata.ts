// A copy of the sandbox snapshots that breaks one doctor check per table or resource: change tracking off
// on ferry_vehicle, no alternate key on ferry_emailopen, no custom filter on cusServiceVisit.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SANDBOX = fileURLToPath(new URL('../../tenants/sandbox/metadata', import.meta.url));

async function rewrite(file: string, edit: (text: string) => string): Promise<void> {
  const before = await readFile(file, 'utf8');
  const after = edit(before);
  // A fixture edit that matched nothing would make the test pass for the wrong reason.
  if (after === before) throw new Error(`fixture edit changed nothing in ${file}`);
  await writeFile(file, after);
}

export async function brokenMetadata(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ferry-doctor-md-'));
  await cp(SANDBOX, dir, { recursive: true });
  await rewrite(path.join(dir, 'dynamics/entities/ferry_vehicle.json'), (t) =>
    t.replace('"ChangeTrackingEnabled": true', '"ChangeTrackingEnabled": false'),
  );
  await rewrite(path.join(dir, 'dynamics/metadata.xml'), (t) => {
    const start = t.indexOf('<EntityType Name="ferry_emailopen"');
    const end = t.indexOf('</EntityType>', start);
    const block = t
      .slice(start, end)
      .replace(/<Annotation Term="OData\.Community\.Keys\.V1\.AlternateKeys">[\s\S]*?<\/Annotation>/, '');
    return t.slice(0, start) + block + t.slice(end);
  });
  await rewrite(path.join(dir, 'campaign/cusServiceVisit.json'), (t) => {
    const doc = JSON.parse(t) as { filters: { content: Record<string, unknown> } };
    delete doc.filters.content['byCrmId'];
    return `${JSON.stringify(doc, null, 2)}\n`;
  });
  return dir;
}
