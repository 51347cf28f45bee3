// `ferry dlq list` filters, limits and heads its output; `ferry status` tells retrying letters from those that
// need attention; piping the listing into `head` ends it quietly.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { openStateStore } from '../../runtime/state/index.ts';
import { TRANSIENT_BACKOFF } from '../../runtime/engine/outage.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ferry-dlq-list-'));
const tenantDir = path.join(root, 'tenants', 'sandbox');
afterAll(() => rmSync(root, { recursive: true, force: true }));
cpSync('mappings', path.join(root, 'mappings'), { recursive: true });
cpSync('tenants/sandbox', tenantDir, { recursive: true, filter: (src) => !src.includes('.state') });

async function ferry(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const log = args[0] === 'compile' ? [] : ['--log', 'quiet'];
  const code = await main([...args, '--tenant', 'sandbox', '--root', root, ...log], {
    out: (t) => void (out += `${t}\n`),
    err: (t) => void (err += `${t}\n`),
    color: false,
  });
  return { code, out, err };
}

/** 3 letters ferry retries by itself (transient) and 2 that need attention (refused data). */
beforeAll(async () => {
  expect((await ferry('compile')).code).toBe(0);
  const state = await openStateStore('sqlite:.state/sandbox.db', tenantDir);
  for (const id of ['t1', 't2', 't3'])
    await state.addDeadLetter({
      flow: 'contacts',
      sourceId: id,
      payload: null,
      reason: '503 unavailable',
      code: 'FERRY_HTTP_STATUS',
      retry: TRANSIENT_BACKOFF,
    });
  for (const id of ['e1', 'e2'])
    await state.addDeadLetter({
      flow: 'vehicles',
      sourceId: id,
      payload: null,
      reason: 'bad value',
      code: 'FERRY_BAD_VALUE',
    });
  await state.close();
});

const ids = (out: string) =>
  out
    .trim()
    .split('\n')
    .slice(1, -1)
    .map((l) => l.split('\t')[2]);

describe('ferry dlq list', () => {
  it('has a header line and a count, and filters by retry state, reason and flow', async () => {
    const all = await ferry('dlq', 'list');
    expect(all.code).toBe(0);
    expect(all.out.split('\n')[0]).toBe(
      'ID\tFLOW\tSOURCE ID\tCODE\tATTEMPTS\tNEXT RETRY\tLAST ATTEMPT\tREASON',
    );
    expect(all.out.trim().split('\n').at(-1)).toBe('5 dead letters');
    expect(ids((await ferry('dlq', 'list', '--retrying')).out)).toEqual(['t1', 't2', 't3']);
    const attention = await ferry('dlq', 'list', '--attention');
    expect(ids(attention.out)).toEqual(['e1', 'e2']);
    expect(attention.out).toContain('needs attention');
    expect(ids((await ferry('dlq', 'list', '--reason', 'FERRY_BAD_VALUE')).out)).toEqual(['e1', 'e2']);
    expect(ids((await ferry('dlq', 'list', '--flow', 'vehicles', '--retrying')).out)).toEqual([]);
  });

  it('--limit shows at most n and says how many there are', async () => {
    const r = await ferry('dlq', 'list', '--limit', '2');
    expect(ids(r.out)).toEqual(['t1', 't2']);
    expect(r.out.trim().split('\n').at(-1)).toBe('5 dead letters (2 shown)');
    expect((await ferry('dlq', 'list', '--limit', 'x')).code).toBe(2);
    expect((await ferry('dlq', 'list', '--retrying', '--attention')).code).toBe(2);
  });

  it('status separates retrying from needs attention, and only the latter fails it', async () => {
    const json = JSON.parse((await ferry('status', '--json')).out) as {
      flow: string;
      retrying: number;
      attention: number;
    }[];
    expect(json.find((f) => f.flow === 'contacts')).toMatchObject({ retrying: 3, attention: 0 });
    expect(json.find((f) => f.flow === 'vehicles')).toMatchObject({ retrying: 0, attention: 2 });
    const text = await ferry('status');
    expect(text.out).toMatch(/contacts \(entity\): .*dead letters 3 \(retrying 3, needs attention 0\)/);
    expect(text.code).toBe(1);
    await ferry('dlq', 'discard', '--flow', 'vehicles', '--all', '--yes', '--note', 'test data');
    expect((await ferry('status')).code).toBe(0);
  });

  it('piped into a reader that stops after one line, it ends without an EPIPE crash', async () => {
    const state = await openStateStore('sqlite:.state/sandbox.db', tenantDir);
    for (let i = 0; i < 3000; i++)
      await state.addDeadLetter({
        flow: 'contacts',
        sourceId: `m${i}`,
        payload: null,
        reason: 'r',
        code: 'FERRY_BAD_VALUE',
      });
    await state.close();
    const child = spawn(
      process.execPath,
      ['bin/ferry.js', 'dlq', 'list', '--tenant', 'sandbox', '--root', root, '--log', 'quiet'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const first = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    );
    expect(first.startsWith('ID\t')).toBe(true);
    child.stdout.destroy(); // what `head -1` does after its line
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(err).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  }, 60_000);
});
