// `ferry init` makes the project a git repository with a first commit: CI and the pinned ferry
// dependency only mean something once the files are versioned.
import { execFileSync } from 'node:child_process';

export type GitOutcome =
  | { readonly kind: 'committed'; readonly sha: string }
  | { readonly kind: 'inside-repository' }
  | { readonly kind: 'no-git' }
  | { readonly kind: 'no-commit'; readonly reason: string };

function run(dir: string, args: readonly string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

const firstLine = (err: unknown): string => {
  const stderr = (err as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() !== '' ? stderr : String(err);
  return text.trim().split('\n')[0] ?? '';
};

/** `git init` in `dir` and commit exactly `paths`; an existing repository around `dir` is left alone. */
export function gitInitAndCommit(dir: string, paths: readonly string[], message: string): GitOutcome {
  try {
    run(dir, ['--version']);
  } catch {
    return { kind: 'no-git' };
  }
  try {
    if (run(dir, ['rev-parse', '--is-inside-work-tree']) === 'true') return { kind: 'inside-repository' };
  } catch {
    // not a repository yet: create one below
  }
  try {
    run(dir, ['init', '-q', '-b', 'main']);
    run(dir, ['add', '--', ...paths]);
    run(dir, ['commit', '-q', '--no-verify', '-m', message]);
    return { kind: 'committed', sha: run(dir, ['rev-parse', 'HEAD']) };
  } catch (err) {
    return { kind: 'no-commit', reason: firstLine(err) };
  }
}

/** What `ferry init` prints about the repository. */
export function describeGit(outcome: GitOutcome): string {
  switch (outcome.kind) {
    case 'committed':
      return `Created a git repository (branch main) with a first commit ${outcome.sha.slice(0, 12)}.`;
    case 'inside-repository':
      return 'The folder is inside an existing git repository: review and commit the new files yourself.';
    case 'no-git':
      return 'git was not found, so no repository was created: run `git init` and commit these files before pushing.';
    case 'no-commit':
      return `git init ran but the first commit failed (${outcome.reason}); set user.name and user.email, then \`git add -A && git commit\`.`;
  }
}
