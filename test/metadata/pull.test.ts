// ferry metadata pull against the sandbox emulators: one side at a time, extra tables, the change summary
// with the mappings it affects, --dry-run, and the refusal to replace a fuller snapshot with a poorer one.
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorFixture, type DoctorFixture } from '../doctor/fixture.ts';

let f: DoctorFixture;
let md: string;

beforeAll(async () => {
  f = await doctorFixture();
  md = path.join(f.root, 'tenants/sandbox/metadata');
}, 60_000);
afterAll(async () => f?.close());

const pull = (...args: string[]) =>
  f.ferry('metadata', 'pull', '--tenant', 'sandbox', '--log', 'quiet', ...args);

describe('ferry metadata pull', () => {
  it('--dry-run says what would change and writes nothing', async () => {
    const file = path.join(md, 'dynamics/entities/contact.json');
    const before = await readFile(file, 'utf8');
    const r = await pull('--dry-run');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^dry run: \d+ file\(s\) would change, \d+ unchanged; nothing written$/m);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('summarises added columns and tables and names the mappings affected', async () => {
    const file = path.join(md, 'dynamics/entities/contact.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { Attributes: { LogicalName: string }[] };
    doc.Attributes = doc.Attributes.filter((a) => a.LogicalName !== 'telephone1');
    await writeFile(file, JSON.stringify(doc));
    await rm(path.join(md, 'dynamics/entities/ferry_vehicle.json'));
    const r = await pull('--dynamics');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^ {2}contact: attribute telephone1 added \(String\)$/m);
    expect(r.out).toMatch(/^ {2}attribute definitions of table ferry_vehicle added$/m);
    expect(r.out).toMatch(/^mappings affected: contacts, vehicles, email-events, optout$/m);
    const written = JSON.parse(await readFile(file, 'utf8')) as { Attributes: { LogicalName: string }[] };
    expect(written.Attributes.some((a) => a.LogicalName === 'telephone1')).toBe(true);
  });

  it('--dynamics needs no Campaign secret and writes no Campaign file; --entities adds a table', async () => {
    const secret = process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'];
    delete process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'];
    await rm(path.join(md, 'dynamics/entities/account.json'));
    const r = await pull('--dynamics', '--entities', 'account').finally(() => {
      process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'] = secret;
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(/campaign\//);
    expect(r.out).toMatch(/attribute definitions of table account added/);
    expect(await readdir(path.join(md, 'dynamics/entities'))).toContain('account.json');
  });

  it('--campaign needs no Dynamics secret and summarises a changed field', async () => {
    const file = path.join(md, 'campaign/cusVehicle.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { content: Record<string, { type: string }> };
    const [name] = Object.keys(doc.content)
      .filter((k) => doc.content[k]?.type === 'string')
      .slice(-1);
    if (name === undefined) throw new Error('cusVehicle has no string field');
    doc.content[name] = { ...doc.content[name], type: 'long' } as { type: string };
    await writeFile(file, JSON.stringify(doc));
    const secret = process.env['FERRY_SANDBOX_DYNAMICS_SECRET'];
    delete process.env['FERRY_SANDBOX_DYNAMICS_SECRET'];
    const r = await pull('--campaign').finally(() => {
      process.env['FERRY_SANDBOX_DYNAMICS_SECRET'] = secret;
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`  cusVehicle: field ${name} changed type long -> string`);
    expect(r.out).toMatch(/^mappings affected: vehicles$/m);
    expect(r.out).not.toMatch(/dynamics\//);
  });
});

describe('ferry metadata pull from a poorer server', () => {
  let poor: DoctorFixture;
  beforeAll(async () => {
    // A Dynamics that serves only $metadata: its attribute definitions carry no option sets or lengths.
    const dir = await mkdtemp(path.join(tmpdir(), 'ferry-poor-md-'));
    await cp('tenants/sandbox/metadata', dir, { recursive: true });
    await rm(path.join(dir, 'dynamics/entities'), { recursive: true });
    poor = await doctorFixture({ metadataDir: dir });
  }, 60_000);
  afterAll(async () => poor?.close());

  it('refuses, naming what would be lost, and writes with --force', async () => {
    const file = path.join(poor.root, 'tenants/sandbox/metadata/dynamics/entities/contact.json');
    const before = await readFile(file, 'utf8');
    const r = await poor.ferry('metadata', 'pull', '--tenant', 'sandbox', '--dynamics', '--log', 'quiet');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^ {2}contact: option labels of .*gendercode/m);
    expect(r.out).toMatch(/^ {2}contact: lengths of firstname, /m);
    expect(r.err).toMatch(/refusing to replace a fuller snapshot with a poorer one/);
    expect(await readFile(file, 'utf8')).toBe(before);
    const forced = await poor.ferry(
      'metadata',
      'pull',
      '--tenant',
      'sandbox',
      '--dynamics',
      '--force',
      '--log',
      'quiet',
    );
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toMatch(/^--force: writing it anyway$/m);
    expect(await readFile(file, 'utf8')).not.toBe(before);
  });
});
