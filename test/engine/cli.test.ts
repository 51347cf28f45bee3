// The runtime commands end to end: a temp project whose sandbox tenant points at emulators on port 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { CliIo } from '../../cli/context.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { sandboxProject } from '../support/sandbox-project.ts';

let sb: Sandbox;
let root: string;
const saved = { ...process.env };

async function ferry(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), color: false };
  const code = await main([...args, '--root', root], io);
  return { code, out, err };
}

beforeAll(async () => {
  sb = await startSandbox({ contacts: 60, seed: 3 });
  root = await sandboxProject(sb.info, { prefix: 'ferry-g-cli-', fast: true });
});
afterAll(async () => {
  process.env = saved;
  await sb?.close();
});

describe('ferry run / plan / status / dlq / replay', () => {
  it('plan compiles the stale bundle and writes nothing', async () => {
    const before = sb.campaign.store.table('profile').size;
    const r = await ferry('plan', '--tenant', 'sandbox', '--log', 'quiet');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/contacts \(entity\): initial load \(all rows\)/);
    expect(r.out).toMatch(/create \d+ · update 0 · delete 0/);
    expect(sb.campaign.store.table('profile').size).toBe(before);
  });

  it('run syncs, reports per flow and exits 1 because bad emails were dead-lettered', async () => {
    const r = await ferry('run', '--tenant', 'sandbox', '--once', '--log', 'quiet');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^flow\s+outcome\s+read\s+created/m);
    expect(r.out).toMatch(/^contacts\s+ok\s+60\s+\d+/m);
    expect(r.out).toMatch(/^contacts\s+ok\s+60\s+33\s+0\s+0\s+0\s+23\s+4\s/m);
    expect(r.out).toMatch(/deadLettered:FERRY_CAMPAIGN_REJECTED/);
    expect(r.out).toMatch(/some records were dead-lettered/);
    expect(r.code).toBe(1);
  });

  it('status shows each flow with its last run; dlq list shows reasons', async () => {
    const s = await ferry('status', '--tenant', 'sandbox', '--log', 'quiet');
    expect(s.out).toMatch(/contacts \(entity\): STOPPED {2}backlog \d+/);
    expect(s.out).toMatch(/last run incremental .*read 60/);
    const json = await ferry('status', '--tenant', 'sandbox', '--json', '--log', 'quiet');
    const flows = JSON.parse(json.out) as { flow: string; deadLetters: number }[];
    expect(flows.map((f) => f.flow)).toEqual([
      'contacts',
      'vehicles',
      'service-visits',
      'email-events',
      'optout',
    ]);
    const dl = await ferry('dlq', 'list', '--tenant', 'sandbox', '--log', 'quiet');
    expect(dl.code).toBe(0);
    expect(dl.out).toMatch(new RegExp(`${flows.reduce((n, f) => n + f.deadLetters, 0)} dead letters?`));
  });

  it('status and dlq list read the state store without secrets; dlq retry, run and plan still need them', async () => {
    const dyn = process.env['FERRY_SANDBOX_DYNAMICS_SECRET'];
    const cmp = process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'];
    delete process.env['FERRY_SANDBOX_DYNAMICS_SECRET'];
    delete process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'];
    try {
      const s = await ferry('status', '-t', 'sandbox', '--log', 'quiet');
      expect(s.err).toBe('');
      expect(s.out).toMatch(/contacts \(entity\): STOPPED {2}backlog \d+/);
      const dl = await ferry('dlq', 'list', '-t', 'sandbox', '--log', 'quiet');
      expect(dl).toMatchObject({ code: 0, err: '' });
      expect(dl.out).toMatch(/Invalid email address/);
      for (const cmd of [['dlq', 'retry'], ['run', '--once'], ['plan']]) {
        const r = await ferry(...cmd, '-t', 'sandbox', '--log', 'quiet');
        expect(r, cmd.join(' ')).toMatchObject({
          code: 3,
          err: expect.stringMatching(/FERRY_SANDBOX_DYNAMICS_SECRET is not set/),
        });
      }
    } finally {
      process.env['FERRY_SANDBOX_DYNAMICS_SECRET'] = dyn;
      process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'] = cmp;
    }
  });

  it('replay re-sends one flow; usage errors exit 2, unknown flows 3', async () => {
    const r = await ferry('replay', '--tenant', 'sandbox', '--flow', 'email-events', '--log', 'quiet');
    expect(r.out).toMatch(/^email-events\s+ok/m);
    expect(await ferry('run', '--tenant', 'sandbox', '--once', '--follow')).toMatchObject({ code: 2 });
    expect(await ferry('run', '--tenant', 'sandbox', '--interval', 'soon', '--follow')).toMatchObject({
      code: 2,
    });
    expect(await ferry('run', '--tenant', 'Nope!')).toMatchObject({ code: 2 });
    const unknown = await ferry('run', '--tenant', 'sandbox', '--flow', 'nope', '--log', 'quiet');
    expect(unknown).toMatchObject({
      code: 3,
      err: expect.stringMatching(/unknown flow nope; flows: contacts, vehicles/),
    });
  });

  it('metadata pull saves the live metadata of every table and resource the mappings use', async () => {
    const r = await ferry('metadata', 'pull', '--tenant', 'sandbox', '--log', 'quiet');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/tenants\/sandbox\/metadata\/dynamics\/metadata\.xml/);
    expect(r.out).toMatch(/dynamics\/entities\/contact\.json/);
    expect(r.out).toMatch(/dynamics\/entities\/task\.json/);
    expect(r.out).toMatch(/campaign\/profile\.json/);
    expect(r.out).toMatch(/campaign\/cusVehicle\.json/);
  });
});
