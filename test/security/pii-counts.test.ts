// Attack (on privacy): a record Campaign rejects for its data; the engine's error text quotes the value
// ("Invalid email address 'x@@example.com'") and used to become a count key printed to stdout, progress
// logs and stored in ferry_runs.counts.
// Guarantee: counts, logs and run history name dead letters by stable error code (logs add the record id);
// record values and server texts go only to the dead-letter row.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import type { CliIo } from '../../cli/context.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { sandboxProject } from '../support/sandbox-project.ts';

const BAD_EMAIL = 'x@@example.com';
const BAD_ID = '0badc0de-0000-4000-8000-00000000e3a1';

let sb: Sandbox;
let root: string;
const saved = { ...process.env };

beforeAll(async () => {
  sb = await startSandbox({ contacts: 10, seed: 3 });
  // One contact like the others, with an email Campaign refuses.
  const contacts = sb.dynamics.store.table('contact')!;
  const [first] = [...contacts.rows.values()];
  sb.dynamics.store.upsert('contact', { ...first, contactid: BAD_ID, emailaddress1: BAD_EMAIL });
  root = await sandboxProject(sb.info, { prefix: 'ferry-sec-pii-', fast: true });
});
afterAll(async () => {
  process.env = saved;
  await sb?.close();
  await rm(root, { recursive: true, force: true });
});

describe('a record rejected for its email', () => {
  it('is counted and logged by code and id; its value is only in the dead-letter row', async () => {
    let out = '';
    const io: CliIo = {
      out: (t) => void (out += `${t}\n`),
      err: (t) => void (out += `${t}\n`),
      color: false,
    };
    let logs = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logs += chunk.toString();
      return true;
    });
    try {
      await main(['run', '--tenant', 'sandbox', '--once', '--log', 'json', '--root', root], io);
    } finally {
      spy.mockRestore();
    }
    expect(out).toMatch(/deadLettered:FERRY_CAMPAIGN_REJECTED/);
    expect(out).not.toContain(BAD_EMAIL);
    expect(logs).not.toContain(BAD_EMAIL);
    // The log names the record, so an operator can find it in `ferry dlq list`.
    expect(logs).toMatch(new RegExp(`"id":"${BAD_ID}".*"code":"FERRY_CAMPAIGN_REJECTED"`));

    const db = new Database(path.join(root, 'tenants/sandbox/.state/sandbox.db'), { readonly: true });
    try {
      const runs = db.prepare('SELECT counts, error FROM ferry_runs').all();
      expect(JSON.stringify(runs)).not.toContain(BAD_EMAIL);
      const status = db.prepare('SELECT detail FROM ferry_flow_status').all();
      expect(JSON.stringify(status)).not.toContain(BAD_EMAIL);
      const dead = db.prepare('SELECT reason FROM ferry_dead_letters WHERE source_id = ?').get(BAD_ID) as {
        reason: string;
      };
      expect(dead.reason).toContain(BAD_EMAIL);
    } finally {
      db.close();
    }
  });
});
