// `ferry provision` end to end: the sandbox emulators over an org without the activity tables.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/context.ts';
import { main } from '../../cli/main.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { EVENT_TABLES, withoutTables } from '../emulators/dynamics/fresh-org.ts';
import { sandboxProject } from '../support/sandbox-project.ts';

let sb: Sandbox;
let root: string;
let metadataDir: string;
const saved = { ...process.env };

async function ferry(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), color: false };
  const code = await main([...args, '--root', root, '--log', 'quiet'], io);
  return { code, out, err };
}

beforeAll(async () => {
  metadataDir = await mkdtemp(path.join(tmpdir(), 'ferry-provision-md-'));
  await cp('tenants/sandbox/metadata', metadataDir, { recursive: true });
  const xml = path.join(metadataDir, 'dynamics/metadata.xml');
  await writeFile(xml, withoutTables(await readFile(xml, 'utf8'), EVENT_TABLES));
  for (const t of EVENT_TABLES) await rm(path.join(metadataDir, `dynamics/entities/${t}.json`));
  sb = await startSandbox({ contacts: 5, metadataDir, keyIndexDelayMs: 0, initialDelivery: false });
  root = await sandboxProject(sb.info, { prefix: 'ferry-provision-cli-' });
});
afterAll(async () => {
  process.env = saved;
  await sb?.close();
  await rm(metadataDir, { recursive: true, force: true });
});

describe('ferry provision', () => {
  it('--dry-run shows each table and key with its request, and the Campaign checklist; creates nothing', async () => {
    const r = await ferry('provision', '--tenant', 'sandbox', '--dry-run');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('would create table ferry_emailclick (activity, "Campaign Email URL Click")');
    expect(r.out).toContain('ferry_trackingurl text(500)');
    expect(r.out).toContain(
      "would create alternate key ferry_emailclick.ferry_eventid_key on (ferry_eventid)\n  POST EntityDefinitions(LogicalName='ferry_emailclick')/Keys",
    );
    expect(r.out).toContain('Campaign: custom resource cusVehicle (mappings: vehicles)');
    expect(r.out).toContain(
      '[ ] filter CrmId: crmId equal to a parameter (API: byCrmId, parameter crmId_parameter)',
    );
    expect(sb.dynamics.store.table('ferry_emailsend')).toBeUndefined();
  });

  it('creates the tables and keys, then a second run says there is nothing to create', async () => {
    const first = await ferry('provision', '--tenant', 'sandbox', '--wait', '5');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out.match(/^created /gm)).toHaveLength(8);
    expect(sb.dynamics.store.entity('ferry_emailbounce')?.alternateKeys).toEqual([['ferry_eventid']]);
    const second = await ferry('provision', '--tenant', 'sandbox');
    expect(second.code).toBe(0);
    expect(second.out).not.toMatch(/^created /m);
    expect(second.out).toContain(
      'Dynamics: nothing to create, everything the events mappings need is in place',
    );
  });
});
