// A killed process's spill directory (left where an open file cannot be unlinked) is removed by a later run,
// and only the directories of processes that no longer run, only ferry's, only once per temp folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpillFile } from '../../../runtime/engine/entity/key-index/spill.ts';
import { pidAlive, spillPrefix, sweepStaleSpills } from '../../../runtime/engine/entity/key-index/stale.ts';

let tmp: string;
let saved: string | undefined;
beforeEach(() => {
  saved = process.env['TMPDIR'];
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kidx-stale-'));
  process.env['TMPDIR'] = tmp;
});
afterEach(() => {
  if (saved === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = saved;
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A directory as a spill file's, with its file still in it (a crash on Windows). */
function leftBy(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'index'), 'x');
  return dir;
}

const DEAD = 4_000_001;
const ALIVE = 4_000_002;

describe('stale key index directories', () => {
  it('removes those of processes that no longer run, keeps the rest', () => {
    const dead = leftBy(`${spillPrefix(DEAD)}a1`);
    const keep = [
      leftBy(`${spillPrefix(ALIVE)}b2`),
      leftBy(`${spillPrefix(process.pid)}c3`),
      // Named before directories carried a pid: whose it is cannot be told, so it stays.
      leftBy('ferry-keys-d4XyZ1'),
      leftBy(`other-${DEAD}-e5`),
    ];
    expect(sweepStaleSpills(tmp, (pid) => pid === ALIVE)).toEqual([dead]);
    expect(fs.existsSync(dead)).toBe(false);
    for (const d of keep) expect(fs.existsSync(d)).toBe(true);
  });

  it('lists a temp folder once per process', () => {
    expect(sweepStaleSpills(tmp, () => false)).toEqual([]);
    const later = leftBy(`${spillPrefix(DEAD)}f6`);
    expect(sweepStaleSpills(tmp, () => false)).toEqual([]);
    expect(fs.existsSync(later)).toBe(true);
  });

  it('tells a running process from one that has exited', () => {
    expect(pidAlive(process.pid)).toBe(true);
    const child = spawnSync(process.execPath, ['-e', '']);
    expect(child.pid).toBeGreaterThan(0);
    expect(pidAlive(child.pid as number)).toBe(false);
  });

  it('runs when a key index file is made, which names its directory after this process', () => {
    const exited = spawnSync(process.execPath, ['-e', '']).pid as number;
    const stale = leftBy(`${spillPrefix(exited)}g7`);
    const f = new SpillFile(undefined, false);
    try {
      expect(fs.existsSync(stale)).toBe(false);
      expect(fs.readdirSync(tmp).every((n) => n.startsWith(spillPrefix(process.pid)))).toBe(true);
      expect(fs.readdirSync(tmp)).toHaveLength(1);
    } finally {
      f.close();
    }
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
