// `ferry dlq discard`: by id, by reason code (with --yes), recorded with who and why; status stops failing.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { openStateStore } from '../../runtime/state/index.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ferry-discard-'));
const tenantDir = path.join(root, 'tenants', 'sandbox');
afterAll(() => rmSync(root, { recursive: true, force: true }));
cpSync('mappings', path.join(root, 'mappings'), { recursive: true });
cpSync('tenants/sandbox', tenantDir, { recursive: true, filter: (src) => !src.includes('.state') });

async function ferry(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  // compile takes no --log
  const log = args[0] === 'compile' ? [] : ['--log', 'quiet'];
  const code = await main([...args, '--tenant', 'sandbox', '--root', root, ...log], {
    out: (t) => void (out += `${t}\n`),
    err: (t) => void (err += `${t}\n`),
    color: false,
  });
  return { code, out, err };
}

/** Two invalid emails and three orphans waiting for a parent, stored as a run would. */
beforeAll(async () => {
  expect((await ferry('compile')).code).toBe(0);
  const state = await openStateStore('sqlite:.state/sandbox.db', tenantDir);
  const letter = (sourceId: string, code: string) =>
    state.addDeadLetter({
      flow: 'contacts',
      sourceId,
      payload: { id: sourceId },
      reason: `${code}: x`,
      code,
    });
  for (const id of ['e1', 'e2']) await letter(id, 'FERRY_BAD_VALUE');
  for (const id of ['o1', 'o2', 'o3']) await letter(id, 'FERRY_PARENT_MISSING');
  await state.close();
});

const listed = async (...extra: string[]) =>
  JSON.parse((await ferry('dlq', 'list', '--json', ...extra)).out) as {
    id: number;
    sourceId: string;
    discarded: { by: string; note: string } | null;
  }[];

describe('ferry dlq discard', () => {
  it('refuses a selection without a note, and a bulk one without --yes', async () => {
    expect((await ferry('dlq', 'discard', '--all')).code).toBe(2);
    expect((await ferry('dlq', 'discard', '--id', '1', '--all', '--note', 'n')).code).toBe(2);
    const bulk = await ferry('dlq', 'discard', '--reason', 'FERRY_PARENT_MISSING', '--note', 'n');
    expect(bulk.code).toBe(2);
    expect(bulk.err).toContain('would discard 3 dead letter(s); add --yes');
    expect(await listed()).toHaveLength(5);
    expect((await ferry('status')).code).toBe(1);
  });

  it('discards by id, then by reason with --yes, recording who and why; status exits 0', async () => {
    const e1 = (await listed()).find((d) => d.sourceId === 'e1');
    const one = await ferry(
      'dlq',
      'discard',
      '--id',
      String(e1?.id),
      '--note',
      'typo, fixed by hand',
      '--by',
      'ana',
    );
    expect(one.code, one.err).toBe(0);
    expect(one.out).toContain('1 dead letter discarded by ana');
    const bulk = await ferry(
      'dlq',
      'discard',
      '--reason',
      'FERRY_PARENT_MISSING',
      '--yes',
      '--note',
      'parent deleted',
      '--by',
      'ana',
    );
    expect(bulk.code, bulk.err).toBe(0);
    expect(bulk.out).toContain('3 dead letters discarded');
    expect((await listed()).map((d) => d.sourceId)).toEqual(['e2']);
    const gone = await listed('--discarded');
    expect(gone.map((d) => [d.sourceId, d.discarded?.by, d.discarded?.note])).toEqual([
      ['e1', 'ana', 'typo, fixed by hand'],
      ['o1', 'ana', 'parent deleted'],
      ['o2', 'ana', 'parent deleted'],
      ['o3', 'ana', 'parent deleted'],
    ]);
    expect((await ferry('status')).code).toBe(1); // e2 still needs attention
    expect((await ferry('dlq', 'discard', '--all', '--yes', '--note', 'accepted')).code).toBe(0);
    const status = await ferry('status', '--json');
    expect(status.code, status.out).toBe(0);
    expect(
      (JSON.parse(status.out) as { flow: string; deadLetters: number }[]).find((f) => f.flow === 'contacts'),
    ).toMatchObject({ deadLetters: 0 });
  });

  it('records each discard in the run history, and an unknown id fails', async () => {
    const state = await openStateStore('sqlite:.state/sandbox.db', tenantDir);
    const runs = await state.listRuns('contacts', 10);
    await state.close();
    expect(runs.filter((r) => r.mode === 'dlq-discard').map((r) => r.counts['discarded'])).toEqual([1, 3, 1]);
    const r = await ferry('dlq', 'discard', '--id', '999', '--note', 'n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('999');
  });

  it('a discarded letter that fails again is live again', async () => {
    const state = await openStateStore('sqlite:.state/sandbox.db', tenantDir);
    await state.addDeadLetter({
      flow: 'contacts',
      sourceId: 'e2',
      payload: null,
      reason: 'again',
      code: 'FERRY_BAD_VALUE',
    });
    expect(await state.countDeadLetters('contacts')).toBe(1);
    await state.close();
  });
});
