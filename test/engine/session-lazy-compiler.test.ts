// `ferry run/status/dlq` open a session without compiling when the bundle is fresh: ts-morph must not load.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it, expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// ts-morph is CommonJS, so an ESM import of it still lands in require.cache: list what the child loaded.
async function loadedTsMorph(module: string): Promise<boolean> {
  const script = [
    `await import(${JSON.stringify(new URL(module, `file://${ROOT}`).href)});`,
    `const { createRequire } = await import('node:module');`,
    `const cache = createRequire(import.meta.url).cache;`,
    `console.log(JSON.stringify(Object.keys(cache).some((k) => k.includes('/node_modules/ts-morph/'))));`,
  ].join('\n');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: ROOT },
  );
  return JSON.parse(stdout.trim()) as boolean;
}

describe('runtime session loads the compiler lazily', () => {
  it('importing runtime-session does not load ts-morph; importing the compiler does (control)', async () => {
    const [session, compiler] = await Promise.all([
      loadedTsMorph('cli/commands/runtime-session.ts'),
      loadedTsMorph('compiler/index.ts'),
    ]);
    expect(compiler).toBe(true);
    expect(session).toBe(false);
  }, 20_000);
});
