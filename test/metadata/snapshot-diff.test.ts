// diffSnapshot on the sandbox snapshot files: changes are named, and what a newer file lacks is a loss.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffSnapshot } from '../../core/metadata/snapshot-diff.ts';

type Json = Record<string, unknown>;
const read = (rel: string): string => readFileSync(`tenants/sandbox/metadata/${rel}`, 'utf8');
const edit = (rel: string, f: (doc: Json) => void): string => {
  const doc = JSON.parse(read(rel)) as Json;
  f(doc);
  return JSON.stringify(doc);
};
const one = (rel: string, before: string, after: string) =>
  diffSnapshot(new Map([[rel, before]]), new Map([[rel, after]]));

describe('diffSnapshot', () => {
  it('an identical file is no change and no loss', () => {
    const rel = 'campaign/profile.json';
    expect(one(rel, read(rel), read(rel))).toMatchObject({ changes: [], losses: [] });
  });

  it('a Campaign resource without its filters, lengths and enumeration values is poorer', () => {
    const rel = 'campaign/profile.json';
    const after = edit(rel, (d) => {
      d['filters'] = { href: 'https://x/profileAndServicesExt/resourceType/profile/filters' };
      const content = d['content'] as Record<string, Json>;
      for (const f of Object.values(content)) {
        delete f['length'];
        delete f['values'];
      }
    });
    const d = one(rel, read(rel), after);
    expect(d.losses).toContain('profile: filters byEmail, byText, byExternalId');
    expect(d.losses.some((l) => l.startsWith('profile: lengths of '))).toBe(true);
    expect(d.losses.some((l) => l.startsWith('profile: enumeration values of '))).toBe(true);
    expect([...d.resources]).toEqual(['profile']);
  });

  it('a removed table in $metadata is a change and a loss', () => {
    const xml = read('dynamics/metadata.xml');
    const start = xml.indexOf('<EntityType Name="ferry_note"');
    const end = xml.indexOf('</EntityType>', start) + '</EntityType>'.length;
    expect(start).toBeGreaterThan(0);
    const d = one('dynamics/metadata.xml', xml, xml.slice(0, start) + xml.slice(end));
    expect(d.changes).toContain('table ferry_note removed');
    expect(d.losses).toContain('table ferry_note (in the old $metadata, not in the new one)');
  });

  it('one attribute dropped from a definitions file is a change, not a loss', () => {
    const rel = 'dynamics/entities/contact.json';
    const after = edit(rel, (d) => {
      d['Attributes'] = (d['Attributes'] as Json[]).filter((a) => a['LogicalName'] !== 'telephone1');
    });
    const d = one(rel, read(rel), after);
    expect(d.changes).toEqual(['contact: attribute telephone1 removed (was String)']);
    expect(d.losses).toEqual([]);
  });
});
