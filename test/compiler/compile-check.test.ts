// `ferry compile --check` names the inputs that changed since the bundle was compiled and the flows
// they affect, not only the files that differ.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ferry-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
cpSync('mappings', path.join(root, 'mappings'), { recursive: true });
cpSync('tenants/sandbox', path.join(root, 'tenants', 'sandbox'), { recursive: true });

async function ferry(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main([...args, '--root', root], {
    out: () => undefined,
    err: (t) => void (stderr += `${t}\n`),
    color: false,
  });
  return { code, stderr };
}

describe('ferry compile --check', () => {
  it('names the changed mapping and snapshot files and the flows they affect', async () => {
    expect((await ferry('compile', '--tenant', 'sandbox')).code).toBe(0);
    expect((await ferry('compile', '--tenant', 'sandbox', '--check')).code).toBe(0);
    appendFileSync(path.join(root, 'mappings', 'vehicles.yaml'), '# reviewed\n');
    appendFileSync(path.join(root, 'tenants/sandbox/metadata/campaign/cusServiceVisit.json'), '\n');
    const r = await ferry('compile', '--tenant', 'sandbox', '--check');
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(
      'error: bundle at dist/sandbox is out of date (run ferry compile --tenant sandbox)',
    );
    expect(lines).toContain(
      '  changed inputs: mappings/vehicles.yaml, tenants/sandbox/metadata/campaign/cusServiceVisit.json',
    );
    expect(lines).toContain('  flows affected: vehicles, service-visits');
    expect(lines.find((l) => l.startsWith('  files that differ:'))).toContain('manifest.json');
  });

  it('a changed table definition affects the flows that read or write that table', async () => {
    expect((await ferry('compile', '--tenant', 'sandbox')).code).toBe(0);
    appendFileSync(path.join(root, 'tenants/sandbox/metadata/dynamics/entities/contact.json'), '\n');
    const r = await ferry('compile', '--tenant', 'sandbox', '--check');
    expect(r.code).toBe(1);
    // contacts reads contact, email-events writes activities regarding contact, optout reads contact.
    expect(r.stderr).toContain('  flows affected: contacts, email-events, optout\n');
  });

  it('says so when there is no bundle to compare with', async () => {
    const r = await ferry('compile', '--tenant', 'sandbox', '--check', '--out', path.join(root, 'none'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: no compiled bundle at none (run ferry compile --tenant sandbox)\n');
  });
});
