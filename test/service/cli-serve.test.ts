// `ferry serve` as a real process on the sandbox: a second serve or a run on the same SQLite state is refused;
// SIGTERM mid-pass ends the process within 10 s with its work checkpointed (a later run duplicates nothing).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { openStateStore } from '../../runtime/state/index.ts';
import { compiledSandbox } from './sandbox-serve.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let sb: Sandbox;
let root: string;

beforeAll(async () => {
  sb = await startSandbox({ contacts: 3000, seed: 31 });
  root = await compiledSandbox(sb, 'ferry-serve-cli-');
});
afterAll(async () => {
  await sb?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

interface Proc {
  readonly p: ChildProcess;
  err: string;
  out: string;
  readonly exited: Promise<{ code: number | null; at: number }>;
}

function ferry(args: string[]): Proc {
  const p = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/ferry.js'), ...args, '--root', root, '--log', 'json'],
    {
      cwd: root,
      env: process.env, // sandboxProject put the emulator secrets there
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const proc: Proc = {
    p,
    err: '',
    out: '',
    exited: new Promise((resolve) => p.on('exit', (code) => resolve({ code, at: performance.now() }))),
  };
  p.stdout?.on('data', (d: Buffer) => (proc.out += d.toString()));
  p.stderr?.on('data', (d: Buffer) => (proc.err += d.toString()));
  return proc;
}

/** Resolves once `probe` holds (checked on every output chunk of the process and every 20 ms). */
function until(proc: Proc, probe: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!probe()) return;
      clearInterval(timer);
      resolve();
    };
    const timer = setInterval(check, 20);
    void proc.exited.then(() => {
      clearInterval(timer);
      if (probe()) resolve();
      else reject(new Error(`process exited first:\n${proc.err.slice(-2000)}`));
    });
  });
}

const profiles = () => [...sb.campaign.store.table('profile').scan()];

describe('ferry serve process', () => {
  it('refuses a second serve and a run on its SQLite state; SIGTERM mid-pass exits within 10 s, checkpointed', async () => {
    const before = profiles().length;
    const serve = ferry(['serve', '--tenant', 'sandbox', '--listen', '127.0.0.1:0']);
    try {
      await until(serve, () => serve.err.includes('ferry serve listening'));
      const url = /"url":"([^"]+)"/.exec(serve.err)?.[1] as string;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      const second = ferry(['serve', '--tenant', 'sandbox', '--listen', '127.0.0.1:0']);
      expect((await second.exited).code).toBe(1);
      expect(second.err).toContain(`in use by ferry serve (pid ${serve.p.pid}`);
      const run = ferry(['run', '--tenant', 'sandbox', '--once']);
      expect((await run.exited).code).toBe(1);
      expect(run.err).toContain(`in use by ferry serve (pid ${serve.p.pid}`);

      // Mid initial load of the contacts: some profiles created, far from all.
      await until(serve, () => profiles().length >= before + 200);
      const sent = performance.now();
      serve.p.kill('SIGTERM');
      const exit = await serve.exited;
      expect(exit.code).toBe(0);
      expect(exit.at - sent).toBeLessThan(10_000);
      expect(existsSync(path.join(root, 'tenants/sandbox/.state/sandbox.db.serve.lock'))).toBe(false);
    } finally {
      if (serve.p.exitCode === null) serve.p.kill('SIGKILL');
    }
    const state = await openStateStore('sqlite:.state/sandbox.db', path.join(root, 'tenants/sandbox'));
    // Written records only: a create intent (empty hash) is recorded before its POST and may not have gone out.
    let kept = 0;
    for await (const page of state.scanLedger('contacts')) kept += page.filter((e) => e.hash !== '').length;
    const [last] = await state.listRuns('contacts', 1);
    const status = await state.getStatus('contacts');
    await state.close();
    expect(kept).toBeGreaterThan(0); // what was written before SIGTERM is recorded
    expect(last?.endedAt).not.toBeNull();
    expect(status?.status).toBe('stopped');

    // The next run finishes the load from there: one profile per contact, none twice.
    const run = ferry(['run', '--tenant', 'sandbox', '--once', '--flow', 'contacts']);
    const code = (await run.exited).code;
    expect([0, 1]).toContain(code); // 1: the sandbox's invalid emails are dead-lettered
    const byContact = new Map<string, number>();
    for (const p of profiles()) {
      const id = String(p.fields['externalId'] ?? '');
      if (id !== '') byContact.set(id, (byContact.get(id) ?? 0) + 1);
    }
    expect([...byContact.values()].filter((n) => n > 1)).toEqual([]);
    expect(byContact.size).toBeGreaterThanOrEqual(kept);
  });
});
