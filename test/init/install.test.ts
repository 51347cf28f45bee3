// The ferry dependency `ferry init` writes installs for real, three ways: a git URL (served over HTTP
// from 127.0.0.1), a local clone (`git+file://`, what ferrySpec writes for a clone without a remote)
// and a packed tarball. Each project then runs `npx ferry` from what npm installed.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferrySpec, PACKAGE_ROOT, runInit } from '../../cli/commands/init.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-install-'));
const sh = (cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: 'pipe' }).trim();
const git = (cwd: string, ...args: string[]): string => sh(cwd, 'git', args);
// npm must run asynchronously: the server below lives in this process and answers only while its event loop runs.
const shAsync = async (
  cwd: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<string> =>
  (
    await promisify(execFile)(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } })
  ).stdout.trim();

// better-sqlite3 downloads its prebuilt binary from GitHub at install time, else compiles for minutes;
// the server below stands in for that download host with the binary this checkout already built.
const sqliteDir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
const prebuilt = join(tmp, 'prebuilt.tar.gz');
const bare = join(tmp, 'srv', 'ferry.git');
let server: Server;
let base = '';

/** Static files of the bare repository (git's "dumb" HTTP protocol) and the prebuilt binary. */
function serve(): Promise<string> {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.endsWith('.tar.gz') ? prebuilt : normalize(join(tmp, 'srv', path));
    if (!file.startsWith(tmp) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  sh(realpathSync(sqliteDir), 'tar', ['-czf', prebuilt, 'build/Release/better_sqlite3.node']);
  git(tmp, 'clone', '-q', '--bare', PACKAGE_ROOT, bare);
  git(bare, 'update-server-info');
  base = await serve();
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  rmSync(tmp, { recursive: true, force: true });
});

const npmEnv = () => ({ npm_config_better_sqlite3_binary_host: base, npm_config_update_notifier: 'false' });

/** Scaffolds a project depending on `spec`, installs it (cache first) and runs the installed ferry. */
async function installAndRun(name: string, spec: string): Promise<{ dir: string; version: string }> {
  const dir = join(tmp, name);
  const out: string[] = [];
  expect(
    runInit(dir, { ferry: spec, git: false }, { out: (l) => out.push(l), err: (l) => out.push(l) }),
  ).toBe(0);
  await shAsync(dir, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], npmEnv());
  const installed = join(dir, 'node_modules', 'ferry');
  // What ships: the compiled CLI and what init, validate and the docs need; no state, bundles or .git.
  for (const p of [
    'bin/ferry.js',
    'build/cli/main.js',
    'build/runtime/lib/index.js',
    'schemas',
    'mappings',
    'docs',
  ])
    expect(existsSync(join(installed, p)), `${name}: ${p}`).toBe(true);
  for (const p of ['.git', 'dist', '.state', 'node_modules'])
    expect(existsSync(join(installed, p)), `${name}: ${p} must not ship`).toBe(false);
  const version = await shAsync(dir, 'npx', ['--offline', 'ferry', '--version']);
  return { dir, version };
}

const ownVersion = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

describe('the ferry dependency written by ferry init installs', () => {
  it('from a git URL pinned to a commit (git+http://)', async () => {
    const clone = join(tmp, 'with-remote');
    git(tmp, 'clone', '-q', PACKAGE_ROOT, clone);
    git(clone, 'remote', 'set-url', 'origin', `${base}/ferry.git`);
    const { spec, pinned } = ferrySpec(join(tmp, 'git-url'), clone);
    expect(pinned).toBe(true);
    expect(spec).toBe(`git+${base}/ferry.git#${git(clone, 'rev-parse', 'HEAD')}`);
    expect((await installAndRun('git-url', spec)).version).toBe(ownVersion);
  });

  it('from a local clone without a remote (git+file://), and the installed ferry refuses placeholders', async () => {
    const clone = join(tmp, 'local');
    git(tmp, 'clone', '-q', PACKAGE_ROOT, clone);
    git(clone, 'remote', 'remove', 'origin');
    const { spec, pinned } = ferrySpec(join(tmp, 'git-file'), clone);
    expect(pinned).toBe(false); // this machine only: init says to pin it before pushing
    expect(spec).toBe(`git+file://${clone}#${git(clone, 'rev-parse', 'HEAD')}`);
    const { dir, version } = await installAndRun('git-file', spec);
    expect(version).toBe(ownVersion);
    let failed: { status?: number; stdout?: string; stderr?: string } = {};
    try {
      sh(dir, 'npx', ['--offline', 'ferry', 'validate', '--tenant', 'stage', '--schema-only']);
    } catch (err) {
      failed = err as typeof failed;
    }
    expect(failed.status).toBe(1);
    expect(`${failed.stdout}${failed.stderr}`).toContain('YOUR-ORG');
  });

  it('from a packed tarball (file: path to the npm pack output)', async () => {
    // build/ is current (the test run compiles it first), so pack skips the prepare step.
    const tarball = join(
      tmp,
      sh(PACKAGE_ROOT, 'npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp]),
    );
    expect((await installAndRun('tarball', `file:${tarball}`)).version).toBe(ownVersion);
  });
});
