// Attack: a folder prepared with symbolic links (a dangling one pointing outside, or a linked folder)
// made `ferry init` write outside the target folder. It must refuse before writing anything, even
// with --force, and create files exclusively.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runInit } from '../../cli/commands/init.ts';
import { writePlanned } from '../../cli/commands/init-write.ts';
import { ConfigError } from '../../core/errors.ts';

let base = '';
afterEach(() => rmSync(base, { recursive: true, force: true }));

function setup(): { target: string; outside: string } {
  base = mkdtempSync(path.join(tmpdir(), 'ferry-init-sec-'));
  const target = path.join(base, 'project');
  const outside = path.join(base, 'outside');
  mkdirSync(target);
  mkdirSync(outside);
  return { target, outside };
}

const run = (target: string, force: boolean) => {
  const err: string[] = [];
  const code = runInit(
    target,
    { tenant: 'stage', force, ferry: 'file:../ferry' },
    { out: () => {}, err: (l) => err.push(l) },
  );
  return { code, err: err.join('\n') };
};

describe('ferry init never writes through symbolic links', () => {
  for (const force of [false, true]) {
    it(`a dangling link to outside is refused${force ? ' (even with --force)' : ''}`, () => {
      const { target, outside } = setup();
      symlinkSync(path.join(outside, 'stolen.json'), path.join(target, 'package.json'));
      const { code, err } = run(target, force);
      expect(code).toBe(2);
      expect(err).toContain('package.json');
      expect(readdirSync(outside)).toEqual([]);
      expect(readdirSync(target)).toEqual(['package.json']); // nothing else written
    });

    it(`a linked folder leading outside is refused${force ? ' (even with --force)' : ''}`, () => {
      const { target, outside } = setup();
      symlinkSync(outside, path.join(target, 'mappings'));
      const { code, err } = run(target, force);
      expect(code).toBe(2);
      expect(err).toContain('mappings');
      expect(readdirSync(outside)).toEqual([]);
    });
  }

  it('a clean folder is scaffolded with plain files', () => {
    const { target } = setup();
    expect(run(target, false).code).toBe(0);
    const tenant = path.join(target, 'tenants', 'stage', 'tenant.yaml');
    expect(lstatSync(tenant).isFile()).toBe(true);
    expect(run(target, false).code).toBe(0); // re-running with identical content is harmless
  });

  it('a folder replaced by a link after the check is refused with a stable code, and nothing is written through it', () => {
    const { target, outside } = setup();
    symlinkSync(outside, path.join(target, 'tenants'));
    let err: unknown;
    try {
      writePlanned(target, 'tenants/stage/tenant.yaml', 'x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('FERRY_INIT_UNSAFE_PATH');
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a link planted after the check is not followed: files are created exclusively', () => {
    const { target, outside } = setup();
    symlinkSync(path.join(outside, 'late.txt'), path.join(target, 'late.txt'));
    expect(() => writePlanned(target, 'late.txt', 'x')).toThrow(/EEXIST/);
    expect(existsSync(path.join(outside, 'late.txt'))).toBe(false);
  });
});
