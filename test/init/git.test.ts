// `ferry init` makes a git repository with one first commit holding exactly the scaffolded files,
// leaves an enclosing repository alone, and says what it did (or why not) in every case.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planProject, runInit } from '../../cli/commands/init.ts';
import { describeGit, gitInitAndCommit } from '../../cli/commands/init-git.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-init-git-'));
const SPEC = 'git+https://github.com/example/ferry.git#0123456789abcdef0123456789abcdef01234567';
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
const saved = { ...process.env };
beforeAll(() => {
  // A machine without a global git identity must still pass; these only apply to this test process.
  Object.assign(process.env, {
    GIT_AUTHOR_NAME: 'Init Test',
    GIT_AUTHOR_EMAIL: 'init@example.com',
    GIT_COMMITTER_NAME: 'Init Test',
    GIT_COMMITTER_EMAIL: 'init@example.com',
  });
});
afterAll(() => {
  process.env = saved;
  rmSync(tmp, { recursive: true, force: true });
});

function init(dir: string, git?: boolean): { code: number; out: string } {
  const out: string[] = [];
  const code = runInit(
    dir,
    { tenant: 'acme', ferry: SPEC, ...(git === undefined ? {} : { git }) },
    { out: (l) => out.push(l), err: (l) => out.push(l) },
  );
  return { code, out: out.join('\n') };
}

describe('ferry init and git', () => {
  it('creates a repository on main whose first commit holds exactly the scaffolded files', () => {
    const dir = join(tmp, 'fresh');
    const r = init(dir);
    expect(r.code).toBe(0);
    const sha = git(dir, 'rev-parse', 'HEAD');
    expect(r.out).toContain(`first commit ${sha.slice(0, 12)}`);
    expect(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(dir, 'rev-list', '--count', 'HEAD')).toBe('1');
    const committed = git(dir, 'ls-files').split('\n').sort();
    expect(committed).toEqual(
      planProject(dir, 'acme', SPEC)
        .map((f) => f.path)
        .sort(),
    );
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('inside an existing repository it writes the files but neither nests a repository nor commits', () => {
    const outer = join(tmp, 'outer');
    mkdirSync(outer);
    git(outer, 'init', '-q');
    const r = init(join(outer, 'ferry'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('inside an existing git repository');
    expect(git(outer, 'rev-parse', '--show-toplevel')).toBe(
      git(join(outer, 'ferry'), 'rev-parse', '--show-toplevel'),
    );
    expect(git(outer, 'status', '--porcelain')).toContain('ferry/');
  });

  it('--no-git leaves the folder without a repository', () => {
    const dir = join(tmp, 'plain');
    const r = init(dir, false);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/git repository|first commit/);
    expect(() => git(dir, 'rev-parse', '--git-dir')).toThrow();
  });

  it('says so when git is missing or the commit fails', () => {
    const noGit = join(tmp, 'no-git');
    mkdirSync(noGit);
    const path = process.env['PATH'];
    process.env['PATH'] = join(tmp, 'empty-bin');
    try {
      const outcome = gitInitAndCommit(noGit, ['x'], 'm');
      expect(outcome).toEqual({ kind: 'no-git' });
      expect(describeGit(outcome)).toContain('git was not found');
    } finally {
      process.env['PATH'] = path;
    }
    // Committing a path that does not exist fails after `git init`: the reason is passed on.
    const failed = gitInitAndCommit(noGit, ['missing-file'], 'm');
    expect(failed.kind).toBe('no-commit');
    expect(describeGit(failed)).toMatch(/first commit failed \(.*missing-file/);
  });
});
