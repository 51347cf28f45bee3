// The key index's file: private, unlinked while open where the OS allows, gone after close, outside the state dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SpillFailed, SpillFile } from '../../../runtime/engine/entity/key-index/spill.ts';

let tmp: string;
let saved: string | undefined;
beforeEach(() => {
  // os.tmpdir() follows TMPDIR: this file's spill files land in a directory of their own.
  saved = process.env['TMPDIR'];
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kidx-test-'));
  process.env['TMPDIR'] = tmp;
});
afterEach(() => {
  vi.restoreAllMocks();
  if (saved === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = saved;
  fs.rmSync(tmp, { recursive: true, force: true });
});

const fdOpen = (fd: number): boolean => {
  try {
    fs.fstatSync(fd);
    return true;
  } catch {
    return false;
  }
};

describe('key index file', () => {
  it.skipIf(process.platform === 'win32')(
    'is unlinked as soon as it is open, and its descriptor closed by close()',
    () => {
      const opened = vi.spyOn(fs, 'openSync');
      const f = new SpillFile();
      const fd = opened.mock.results[0]?.value as number;
      expect(fs.readdirSync(tmp)).toEqual([]);
      const ref = f.append(1, [2, 3], '@pk');
      f.seal();
      expect(f.read(ref)).toEqual({ check: 1, content: [2, 3], pkey: '@pk' });
      expect(fdOpen(fd)).toBe(true);
      f.close();
      f.close(); // idempotent
      expect(fdOpen(fd)).toBe(false);
      expect(() => f.read(ref)).toThrow(/closed/);
    },
  );

  it('where it cannot be unlinked while open: 0600 in a 0700 directory of its own, both removed by close()', () => {
    const f = new SpillFile(undefined, false);
    const [dir] = fs.readdirSync(tmp);
    expect(dir).toMatch(/^ferry-keys-/);
    const file = path.join(tmp, dir!, 'index');
    if (process.platform !== 'win32') {
      expect(fs.statSync(path.join(tmp, dir!)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    f.append(9, [8, 7], '@x');
    f.seal();
    expect(fs.statSync(file).size).toBe(24);
    f.close();
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('writes in chunks of about 1 MB, not per record', () => {
    const writes = vi.spyOn(fs, 'writeSync');
    const f = new SpillFile();
    for (let i = 0; i < 20_000; i++) f.append(i, [i, i], `@${'p'.repeat(90)}`); // 112 bytes each: 2.1 MiB
    f.seal();
    expect(writes).toHaveBeenCalledTimes(3);
    expect(f.read(19_999 * 14)).toMatchObject({ check: 19_999, content: [19_999, 19_999] });
    f.close();
  });

  it('turns a failed write (ENOSPC) into SpillFailed, and still removes itself', () => {
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const f = new SpillFile(undefined, false);
    f.append(1, [1, 1], '@a');
    const err = ((): unknown => {
      try {
        f.seal();
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SpillFailed);
    expect(err).toMatchObject({ code: 'FERRY_KEY_INDEX_SPILL', details: { op: expect.any(String) } });
    f.close();
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('turns an unusable temp dir (EACCES) into SpillFailed, leaving nothing', () => {
    vi.spyOn(fs, 'openSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    expect(() => new SpillFile()).toThrow(SpillFailed);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
