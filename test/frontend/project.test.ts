// loadProject: lookup order, overrides, relative paths; and the `ferry start` summary of a project.
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../compiler/project/index.ts';
import { summaryTable } from '../../cli/commands/start.ts';
import { fixture } from './helpers.ts';

describe('loadProject', () => {
  it('loads the listed mappings in order, applying overrides', async () => {
    const project = await loadProject({ root: fixture('valid'), tenant: 'demo' });
    expect(project.diagnostics).toEqual([]);
    expect(project.tenant?.doc.file).toBe('tenants/demo/tenant.yaml');
    // vehicles is listed but disabled by `overrides.vehicles.enabled: false`
    expect(project.mappings.map((m) => [m.value.name, m.doc.file])).toEqual([
      ['contacts', 'mappings/contacts.yaml'],
      ['email-events', 'mappings/email-events.yaml'],
      ['optout', 'mappings/optout.yaml'],
    ]);
    const contacts = project.mappings[0];
    // the tenant's filter replaces the mapping's (which had two conditions and deleteFilteredOut)
    expect(contacts?.value.kind === 'entity' ? contacts.value.filter : null).toEqual({
      all: ['statecode == 0'],
    });
    expect(contacts?.filterSite?.pointer).toBe('/overrides/contacts/filter');
    expect(contacts?.filterSite?.doc.position('/overrides/contacts/filter/all/0')).toEqual({
      line: 26,
      col: 13,
    }); // the quote of "statecode == 0"
  });

  it('prefers tenants/<t>/mappings/<name>.yaml over mappings/<name>.yaml', async () => {
    const project = await loadProject({ root: fixture('tenant-project'), tenant: 'acme' });
    expect(project.mappings.map((m) => m.doc.file)).toContain('tenants/acme/mappings/local-only.yaml');
    expect(project.diagnostics.some((d) => d.file === 'mappings/local-only.yaml')).toBe(false);
  });

  it('reports a missing tenant.yaml as a diagnostic, not a throw', async () => {
    const project = await loadProject({ root: fixture('valid'), tenant: 'absent' });
    expect(project.tenant).toBeNull();
    expect(project.diagnostics).toEqual([
      expect.objectContaining({ code: 'FERRY020', file: 'tenants/absent/tenant.yaml', line: 1, col: 1 }),
    ]);
  });
});

describe('ferry start summary', () => {
  it('lists name, kind, source → target and field count per mapping', async () => {
    const project = await loadProject({ root: fixture('valid'), tenant: 'demo' });
    const lines = summaryTable(project.mappings.map((m) => m.value)).split('\n');
    expect(lines[0]).toMatch(/^mapping\s+kind\s+source → target\s+fields$/);
    expect(lines[1]).toMatch(/^contacts\s+entity\s+contact → profile\s+6$/);
    expect(lines[2]).toMatch(
      /^email-events\s+events\s+campaign events → new_emailsend, new_emailclick, new_emailbounce\s+5$/,
    );
    expect(lines[3]).toMatch(/^optout\s+optout\s+contact ↔ profile\s+3$/);
    expect(lines[4]).toBe('3 mappings');
  });
});
