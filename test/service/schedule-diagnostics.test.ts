// tenant.yaml `schedule`: a bad cron is a positioned diagnostic (FERRY030-033), a conflicting or unknown entry FERRY034.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../compiler/project/index.ts';
import { fileURLToPath } from 'node:url';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let root: string;
let base: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ferry-schedule-'));
  await cp(path.join(ROOT, 'mappings'), path.join(root, 'mappings'), { recursive: true });
  await cp(path.join(ROOT, 'schemas'), path.join(root, 'schemas'), { recursive: true });
  await cp(path.join(ROOT, 'tenants/sandbox'), path.join(root, 'tenants/sandbox'), {
    recursive: true,
    filter: (src) => !src.includes('.state'),
  });
  base = await readFile(path.join(root, 'tenants/sandbox/tenant.yaml'), 'utf8');
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function diagnose(schedule: string) {
  const text = `${base}${schedule}`;
  await writeFile(path.join(root, 'tenants/sandbox/tenant.yaml'), text);
  const p = await loadProject({ root, tenant: 'sandbox' });
  const lines = text.split('\n');
  return p.diagnostics.map((d) => ({
    code: d.code,
    at: (lines[d.line - 1] ?? '').slice(d.col - 1),
    message: d.message,
  }));
}

describe('schedule diagnostics', () => {
  it('accepts a default and per-flow interval and cron', async () => {
    const d = await diagnose(
      'schedule:\n  interval: 5m\n  flows:\n    contacts: { interval: 30s }\n    optout: { cron: "*/10 * * * *" }\n',
    );
    expect(d).toEqual([]);
  });

  it('points at the bad cron field', async () => {
    expect(await diagnose('schedule:\n  cron: "*/5 * *"\n')).toMatchObject([{ code: 'FERRY030' }]);
    expect(await diagnose('schedule:\n  cron: "0 2-x * * *"\n')).toMatchObject([
      { code: 'FERRY031', at: 'x * * *"' },
    ]);
    expect(await diagnose('schedule:\n  flows:\n    contacts: { cron: "0 25 * * *" }\n')).toMatchObject([
      { code: 'FERRY032', at: '25 * * *" }', message: 'hour: 25 is outside 0-23' },
    ]);
    expect(await diagnose('schedule:\n  cron: 0 0 31 4 *\n')).toMatchObject([
      { code: 'FERRY033', at: '31 4 *' },
    ]);
  });

  it('refuses interval and cron together, and a schedule for a flow that is not listed', async () => {
    expect(await diagnose('schedule:\n  interval: 1m\n  cron: "* * * * *"\n')).toMatchObject([
      { code: 'FERRY034', at: 'cron: "* * * * *"' },
    ]);
    expect(await diagnose('schedule:\n  flows:\n    contcts: { interval: 1m }\n')).toMatchObject([
      { code: 'FERRY034', at: 'contcts: { interval: 1m }' },
    ]);
  });
});
