// Both Dynamics write paths end to end: the sandbox org declares UpsertMultiple, the sandbox-classic org (an
// older org) does not, so ferry falls back to $batch change sets. Same events, same activities either way.
// Journal pages of one event keep each write to one table: a page spanning tables goes out as one $batch
// on both orgs (fewer requests), which would hide the difference this test is about.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/context.ts';
import { main } from '../../cli/main.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { sandboxProject } from '../support/sandbox-project.ts';

const saved = { ...process.env };
let sb: Sandbox | undefined;
afterEach(async () => {
  process.env = saved;
  await sb?.close();
  sb = undefined;
});

async function runOnce(tenant: string): Promise<Sandbox> {
  const s = await startSandbox({ contacts: 40, seed: 5, metadataDir: `tenants/${tenant}/metadata` });
  sb = s;
  const root = await sandboxProject(s.info, { prefix: `ferry-${tenant}-`, fast: true, tenant });
  const file = path.join(root, 'tenants', tenant, 'tenant.yaml');
  await writeFile(
    file,
    (await readFile(file, 'utf8')).replace(/^campaign:\n/m, 'campaign:\n  journalBatchSize: 1\n'),
  );
  let err = '';
  const io: CliIo = { out: () => undefined, err: (t) => void (err += `${t}\n`), color: false };
  const code = await main(['run', '--tenant', tenant, '--once', '--log', 'quiet', '--root', root], io);
  // 1 = some records dead-lettered (the seed holds bad emails on purpose); never a failed flow.
  expect([0, 1], err).toContain(code);
  return s;
}

const ACTIVITY_SETS = ['ferry_emailsends', 'ferry_emailopens', 'ferry_emailclicks', 'ferry_emailbounces'];

describe('Dynamics write paths', () => {
  it('sandbox: one-table activity writes go through UpsertMultiple', async () => {
    const s = await runOnce('sandbox');
    const routes = s.dynamics.counters.byRoute;
    expect(ACTIVITY_SETS.some((set) => (routes[`POST ${set}`] ?? 0) > 0)).toBe(true);
    const bulk = ACTIVITY_SETS.reduce((n, set) => n + (routes[`POST ${set}`] ?? 0), 0);
    // A $batch can only be a write spanning tables (dead letters of several tables retried together in the
    // run); a one-table write never falls back to $batch on an org that declares UpsertMultiple.
    expect(routes['POST $batch'] ?? 0).toBeLessThan(bulk / 4);
    expect(s.dynamics.store.count('ferry_emailsend')).toBeGreaterThan(0);
  });

  it('sandbox-classic: the same activities go through $batch, and no bulk action is called', async () => {
    const s = await runOnce('sandbox-classic');
    const routes = s.dynamics.counters.byRoute;
    expect(routes['POST $batch'] ?? 0).toBeGreaterThan(0);
    for (const set of ACTIVITY_SETS) expect(routes[`POST ${set}`] ?? 0).toBe(0);
    expect(s.dynamics.store.count('ferry_emailsend')).toBeGreaterThan(0);
  });
});
