// `ferry --version` and `ferry --help` must not load the runtime's heavy parts (HTTP client, state drivers, the
// engine, the service, the compiler's emitters): each command loads what it runs when it runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'ferry-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A resolve hook that appends every module URL node resolves to the file named by FERRY_TEST_LOADED.
writeFileSync(
  path.join(dir, 'hook.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function resolve(spec, ctx, next) {
  const r = await next(spec, ctx);
  appendFileSync(process.env.FERRY_TEST_LOADED, r.url + '\\n');
  return r;
}
`,
);
writeFileSync(
  path.join(dir, 'register.mjs'),
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hook.mjs')).href)});\n`,
);

function loaded(args: string[]): string[] {
  const log = path.join(dir, `${args.join('_')}.txt`);
  writeFileSync(log, '');
  execFileSync(process.execPath, ['--import', path.join(dir, 'register.mjs'), 'bin/ferry.js', ...args], {
    env: { ...process.env, FERRY_TEST_LOADED: log },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const HEAVY = [
  '/node_modules/undici/',
  '/node_modules/better-sqlite3/',
  '/node_modules/pg/',
  '/node_modules/ts-morph/',
  '/build/runtime/engine/engine.js',
  '/build/runtime/service/service.js',
  '/build/runtime/state/sqlite.js',
  '/build/compiler/emit/',
];

describe('CLI start-up', () => {
  it.each([['--version'], ['--help']])('ferry %s loads no heavy module', (arg) => {
    const urls = loaded([arg]);
    // The hook saw the CLI itself, so an empty list cannot pass by accident.
    expect(urls.some((u) => u.endsWith('/build/cli/main.js'))).toBe(true);
    expect(urls.filter((u) => HEAVY.some((h) => u.includes(h)))).toEqual([]);
  });
});
