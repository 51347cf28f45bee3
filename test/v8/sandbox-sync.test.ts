// The end-to-end sandbox sync against both Campaign flavours from the same seed: the v8 tenant pulls
// its metadata from the v8 emulator (custom filters by their REST name), then the same mappings sync
// the same records with the same outcome.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/context.ts';
import { main } from '../../cli/main.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { sandboxProject } from '../support/sandbox-project.ts';

const saved = { ...process.env };
const open: Sandbox[] = [];
afterAll(async () => {
  process.env = saved;
  for (const sb of open) await sb.close();
});

async function ferry(root: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), color: false };
  const code = await main([...args, '--root', root], io);
  return { code, out, err };
}

interface Outcome {
  readonly table: string;
  readonly sizes: Record<string, number>;
}

async function syncWith(flavor: 'standard' | 'v8'): Promise<Outcome & { root: string; sb: Sandbox }> {
  const sb = await startSandbox({ contacts: 40, seed: 5, campaignFlavor: flavor });
  open.push(sb);
  const root = await sandboxProject(sb.info, { prefix: `ferry-v8-sync-${flavor}-`, fast: true });
  if (flavor === 'v8') {
    const file = path.join(root, 'tenants/sandbox/tenant.yaml');
    const yaml = await readFile(file, 'utf8');
    await writeFile(
      file,
      yaml.replace(
        /^mappings:/m,
        `  flavor: v8\n  droppedFields: { profile: [fax, middleName] }\n  soapUrl: ${sb.campaign.url}/nl/jsp/soaprouter.jsp\nmappings:`,
      ),
    );
    const pull = await ferry(root, 'metadata', 'pull', '--tenant', 'sandbox', '--log', 'quiet');
    expect(pull.code, pull.err).toBe(0);
  }
  const run = await ferry(root, 'run', '--tenant', 'sandbox', '--once', '--log', 'quiet');
  expect(run.err).toBe('');
  // Dead-lettered bad emails make the run exit 1 on both flavours.
  expect(run.code).toBe(1);
  const table = run.out
    .split('\n')
    .filter((l) => /^(contacts|vehicles|service-visits|email-events|optout)\s/.test(l))
    .map((l) => l.split(/\s+/).slice(0, 8).join(' '))
    .join('\n');
  const sizes = Object.fromEntries(
    ['profile', 'cusVehicle', 'cusServiceVisit'].map((r) => [r, sb.campaign.store.table(r).size]),
  );
  return { table, sizes, root, sb };
}

describe('end-to-end sandbox sync on both Campaign flavours', () => {
  it('syncs the same records with the same per-flow outcome on Standard and on v8', async () => {
    const standard = await syncWith('standard');
    const v8 = await syncWith('v8');
    expect(standard.table).toMatch(/^contacts ok 40 /m);
    expect(standard.table).toMatch(/^email-events ok [1-9]\d* [1-9]/m);
    expect(v8.table).toBe(standard.table);
    expect(v8.sizes).toEqual(standard.sizes);
    expect(v8.sizes['cusVehicle']).toBeGreaterThan(0);
    // v8: the pulled snapshot calls the custom filter by its REST name, on the v8 tenant id.
    const snap = await readFile(
      path.join(v8.root, 'tenants/sandbox/metadata/campaign/cusVehicle.json'),
      'utf8',
    );
    expect(snap).toContain('/profileAndServicesExt/cusVehicle/crmId?crmId_parameter=$value');
    expect(snap).not.toContain('byCrmId?');
    expect(v8.sb.info.campaign.url).toMatch(/\/ferrysandboxv8\/campaign$/);
    const dist = await readFile(path.join(v8.root, 'dist/sandbox/vehicles.js'), 'utf8');
    expect(dist).toContain('"filter": "crmId"');
    // A second pass resumes at the durable position: no event is read or written again.
    const again = await ferry(v8.root, 'run', '--tenant', 'sandbox', '--once', '--log', 'quiet');
    expect(again.out).toMatch(/^email-events\s+ok\s+0\s+0\s/m);
    // v8 events came from the SOAP log queries, not the journal.
    expect(v8.sb.campaign.soap?.counts.queries).toBeGreaterThan(0);
  }, 120_000);
});
