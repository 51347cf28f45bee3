// Helpers for readme-commands.test.ts: README command extraction, a temp copy of the project, ferry child processes.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { PACKAGE_ROOT } from '../../cli/commands/init.ts';
import type { SandboxInfo } from '../../emulators/sandbox/index.ts';

export const FERRY_BIN = join(PACKAGE_ROOT, 'bin', 'ferry.js');

/** Every command line of the ```sh blocks: `# comments` stripped, `a && b` split, in order. */
export function readmeCommands(markdown: string): string[] {
  const lines: string[] = [];
  for (const m of markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
    for (const raw of (m[1] ?? '').split('\n')) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      for (const part of line.split('&&'))
        if (part.trim() !== '') lines.push(part.trim().replace(/\s+/g, ' '));
    }
  }
  return lines;
}

/** A temp project: mappings/, schemas/ and tenants/sandbox/ (without its .state/) copied from the repo. */
export function tempProject(): { base: string; project: string } {
  const base = mkdtempSync(join(tmpdir(), 'ferry-readme-'));
  const project = join(base, 'project');
  mkdirSync(join(project, 'tenants'), { recursive: true });
  for (const dir of ['mappings', 'schemas'])
    cpSync(join(PACKAGE_ROOT, dir), join(project, dir), { recursive: true });
  cpSync(join(PACKAGE_ROOT, 'tenants', 'sandbox'), join(project, 'tenants', 'sandbox'), {
    recursive: true,
    filter: (src) => !src.includes(`${join('tenants', 'sandbox', '.state')}`),
  });
  return { base, project };
}

/**
 * Points the temp tenant.yaml at the ports the sandbox child got, and lifts the 20 calls/s Campaign
 * budget (the emulator has no quota; `ferry start` lifts it the same way) so a run takes seconds.
 */
export function pointTenantAt(project: string, info: SandboxInfo): void {
  const file = join(project, 'tenants', 'sandbox', 'tenant.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['dynamics', 'url'], info.dynamics.url);
  doc.setIn(['dynamics', 'tokenUrl'], info.dynamics.tokenUrl);
  doc.setIn(['campaign', 'url'], info.campaign.url);
  doc.setIn(['campaign', 'imsTokenUrl'], info.campaign.imsTokenUrl);
  doc.setIn(['campaign', 'journalUrl'], info.campaign.journalUrl);
  doc.setIn(['campaign', 'callsPerSecond'], 2000);
  writeFileSync(file, doc.toString());
}

export interface Result {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node bin/ferry.js <args>` in `cwd`; killed (and reported) after `timeoutMs`. */
export function ferry(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Result> {
  const child = spawnFerry(args, cwd, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function spawnFerry(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [FERRY_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the first stdout line of a long-running child (e.g. `ferry sandbox --json`). */
export function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let errBuf = '';
    const timer = setTimeout(
      () => reject(new Error(`no output within ${timeoutMs} ms; stderr: ${errBuf}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (d: Buffer) => (errBuf += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl));
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing; stderr: ${errBuf}`)));
  });
}
