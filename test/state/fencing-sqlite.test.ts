// Fencing on SQLite: two stores on one file stand for two workers on one host.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openStateStore } from '../../runtime/state/index.ts';
import { fencingContract } from './fencing-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferry-fence-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fencing on SQLite', () => {
  fencingContract(async (now) => {
    const file = `sqlite:f${++n}.db`;
    return [await openStateStore(file, dir, { now }), await openStateStore(file, dir, { now })] as const;
  });
});
