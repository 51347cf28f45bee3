// The key index's file lives as long as its run: closed and removed however the run ends, never in the state
// directory; when it cannot be written or read, the run looks records up instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contactsFlow, profileTarget } from '../fakes/flows.ts';
import { putContact } from '../fakes/contacts.ts';
import { harness, type Harness } from '../fakes/harness.ts';
import { seedKnownProfiles, withListing } from '../fakes/listing.ts';
import { keyHash } from '../../../runtime/engine/entity/key-index/hash.ts';
import { buildIndex } from '../../../runtime/engine/entity/key-index/build.ts';
import { spillRecordBytes } from '../../../runtime/engine/entity/key-index/spill.ts';
import { KeyIndexFull } from '../../../runtime/engine/entity/key-index/table.ts';

const P = profileTarget.path;
let h: Harness;
let tmp: string;
let stateDir: string;
let saved: string | undefined;
/** Descriptors of the key index files opened in this test. */
let spillFds: number[];

beforeEach(async () => {
  saved = process.env['TMPDIR'];
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kidx-state-'));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kidx-tmp-'));
  process.env['TMPDIR'] = tmp; // os.tmpdir() follows it: the index files of this test land here
  spillFds = [];
  const open = fs.openSync.bind(fs);
  vi.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof fs.openSync>) => {
    const fd = open(...args);
    if (String(args[0]).includes('ferry-keys-')) spillFds.push(fd);
    return fd;
  });
  h = await harness(`sqlite:${path.join(stateDir, 'state.db')}`);
  withListing(h);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.state.close();
  if (saved === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = saved;
  for (const d of [tmp, stateDir]) fs.rmSync(d, { recursive: true, force: true });
});

/** Every spill file opened was closed, none is left in the temp dir, none was ever in the state dir. */
function expectReleased(closes: { mock: { calls: readonly (readonly unknown[])[] } }): void {
  expect(spillFds.length).toBeGreaterThan(0);
  const closed = closes.mock.calls.map((c) => c[0]);
  for (const fd of spillFds) expect(closed).toContain(fd);
  expect(fs.readdirSync(tmp)).toEqual([]);
  expect(fs.readdirSync(stateDir).every((f) => f.startsWith('state.db'))).toBe(true);
}

describe('key index file lifetime', () => {
  it('is closed and removed when the run ends, and when it throws', async () => {
    const closes = vi.spyOn(fs, 'closeSync');
    seedKnownProfiles(h);
    const engine = h.engine([contactsFlow({ onlyOwnRecords: false })]);
    const ok = await engine.runOnce({ mode: 'incremental' });
    expect(ok.ok).toBe(true);
    expect(ok.flows[0]?.counts).toMatchObject({ 'keyIndex:listing': 1, created: 90, updated: 20 });
    expectReleased(closes);

    // A replay whose writes are refused (credentials): the entity run throws mid-way.
    spillFds = [];
    closes.mockClear(); // descriptor numbers are reused: only closes from here on count
    for (let i = 121; i <= 200; i++) putContact(h, i, 1000);
    h.campaign.failWrite = (op) => (op === 'create' ? { status: 401, message: 'token expired' } : null);
    const failed = await engine.runOnce({ mode: 'replay' });
    expect(failed.ok).toBe(false);
    expect(failed.flows[0]?.counts['keyIndex:listing']).toBe(1);
    expectReleased(closes);
  });

  it('is closed and removed when a dead-letter retry that listed ends', async () => {
    const closes = vi.spyOn(fs, 'closeSync');
    for (let i = 1; i <= 80; i++) putContact(h, i, 1000);
    const engine = h.engine([contactsFlow({ onlyOwnRecords: false })]);
    h.campaign.failWrite = () => ({ status: 400, message: 'refused' });
    expect((await engine.runOnce({ mode: 'incremental' })).flows[0]?.counts['deadLettered']).toBe(80);
    h.campaign.failWrite = null;
    spillFds = [];
    closes.mockClear(); // descriptor numbers are reused: only closes from here on count
    // 80 letters: after 50 lookups the finder lists the resource (ski rental), then the retry ends.
    const r = await engine.retryDeadLetters();
    expect(r.flows[0]?.counts).toMatchObject({ 'keyIndex:listing': 1, created: 80 });
    expectReleased(closes);
  });

  it('past its bound, or when the listing fails, the index being built is closed (the finder then looks up)', async () => {
    const closes = vi.spyOn(fs, 'closeSync');
    const page = (from: number) =>
      Array.from({ length: 10 }, (_, i) => ({
        PKey: `@p${from + i}`,
        href: `https://x/profile/@p${from + i}`,
        externalId: `e${from + i}`,
      }));
    const listing = (fail: boolean) => ({
      async *listAll() {
        yield page(0);
        if (fail) throw new Error('socket hang up');
        yield page(10);
      },
    });
    const bound = { maxSpill: 15 * spillRecordBytes(4) };
    await expect(buildIndex(listing(false), profileTarget, [], 10, undefined, bound)).rejects.toThrow(
      KeyIndexFull,
    );
    expectReleased(closes);
    spillFds = [];
    closes.mockClear();
    await expect(buildIndex(listing(true), profileTarget, [], 10)).rejects.toThrow(/hang up/);
    expectReleased(closes);
    const { index } = await buildIndex(listing(false), profileTarget, [], 10, undefined, {
      maxSpill: 20 * 24,
    });
    expect(index.find(keyHash('e19'))).toMatchObject({ kind: 'hit', pkey: '@p19' });
    index.close();
  });

  it.each([
    ['created (EACCES)', 'open'],
    ['written (ENOSPC)', 'write'],
    ['read (EIO)', 'read'],
  ] as const)('cannot be %s: the run looks records up instead, counted', async (_, op) => {
    const fail = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
    if (op === 'open')
      vi.spyOn(fs, 'mkdtempSync').mockImplementation(() => {
        throw fail('EACCES');
      });
    const write = fs.writeSync.bind(fs) as (...a: unknown[]) => number;
    vi.spyOn(fs, 'writeSync').mockImplementation(((...a: unknown[]) => {
      if (op === 'write' && spillFds.includes(a[0] as number)) throw fail('ENOSPC');
      return write(...a);
    }) as typeof fs.writeSync);
    const read = fs.readSync.bind(fs) as (...a: unknown[]) => number;
    vi.spyOn(fs, 'readSync').mockImplementation(((...a: unknown[]) => {
      if (op === 'read' && spillFds.includes(a[0] as number)) throw fail('EIO');
      return read(...a);
    }) as typeof fs.readSync);
    seedKnownProfiles(h);
    const r = await h.engine([contactsFlow({ onlyOwnRecords: false })]).runOnce({ mode: 'incremental' });
    expect(r.ok).toBe(true);
    expect(r.flows[0]?.counts).toMatchObject({
      'keyIndex:listing': 1,
      'keyIndex:spillFailed': 1,
      created: 90,
      updated: 20,
      unchanged: 10,
    });
    // Looked up instead: every record the index could no longer answer for (all 120 when it never stood).
    const finds = h.campaign.calls.filter((c) => c.op === 'find').length;
    expect(finds).toBeGreaterThanOrEqual(op === 'read' ? 1 : 120);
    expect(h.campaign.all(P)).toHaveLength(120);
    expect(h.campaign.all(P).filter((x) => x['lastName'] === 'Old')).toHaveLength(0);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
