// A SQLite state file in a temp folder: what a one-machine deployment uses (not :memory:, whose ledger would count as heap).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export async function tempState(): Promise<{ url: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-bench-state-'));
  return {
    url: `sqlite:${path.join(dir, 'state.db')}`,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
