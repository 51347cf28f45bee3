// Compiles the sandbox tenant into a throwaway folder and loads the bundle, as `ferry compile` + the runtime would.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileProject } from '../../compiler/index.ts';
import { loadBundle, type LoadedBundle } from '../../runtime/bundle/load.ts';
import type { EntityFlow, EventsFlow } from '../../runtime/contract.ts';
import { ConfigError } from '../../core/errors.ts';
import { ROOT } from './paths.ts';

export { ROOT } from './paths.ts';

export interface CompiledSandbox extends LoadedBundle {
  contacts(): EntityFlow;
  events(): EventsFlow;
  dispose(): Promise<void>;
}

/** Compiles tenants/sandbox with the real compiler into a temp dir (never touches dist/). */
export async function compileSandbox(dir?: string): Promise<CompiledSandbox> {
  const out = dir ?? (await mkdtemp(path.join(os.tmpdir(), 'ferry-bench-')));
  const res = await compileProject({ root: ROOT, tenant: 'sandbox', out });
  if (res.files === null) {
    const first = res.diagnostics.find((d) => d.severity === 'error');
    throw new ConfigError(
      'FERRY_BENCH_COMPILE',
      `sandbox tenant did not compile: ${first ? `${first.file}:${first.line} ${first.message}` : 'unknown error'}`,
    );
  }
  const loaded = await loadBundle(out);
  const find = <K extends 'entity' | 'events'>(kind: K, name: string) => {
    const f = loaded.bundle.flows.find((x) => x.kind === kind && x.name === name);
    if (!f) throw new ConfigError('FERRY_BENCH_FLOW', `compiled sandbox bundle has no ${kind} flow ${name}`);
    return f;
  };
  return {
    ...loaded,
    contacts: () => find('entity', 'contacts') as EntityFlow,
    events: () => find('events', 'email-events') as EventsFlow,
    dispose: () => (dir === undefined ? rm(out, { recursive: true, force: true }) : Promise.resolve()),
  };
}

let shared: Promise<CompiledSandbox> | null = null;

/** One compile per process, shared by every benchmark that runs in it; the folder goes when the process exits. */
export function sharedSandbox(): Promise<CompiledSandbox> {
  if (shared === null) {
    shared = compileSandbox();
    shared.then(
      (c) => process.once('exit', () => rmSync(c.dir, { recursive: true, force: true })),
      () => (shared = null),
    );
  }
  return shared;
}
