import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFreshness, createRuntime, loadBundle, parseInterval } from '../../runtime/index.ts';
import type { TenantFile } from '../../core/model/tenant.ts';
import { manifestHash } from '../../runtime/bundle/digest.ts';
import { FakeCampaign } from './fakes/campaign.ts';
import { FakeClock } from './fakes/clock.ts';
import { FakeDynamics } from './fakes/dynamics.ts';
import { FakeJournal } from './fakes/journal.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function project(): Promise<{ root: string; dist: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'ferry-g-bundle-'));
  await mkdir(path.join(root, 'mappings'), { recursive: true });
  await mkdir(path.join(root, 'tenants/t/metadata'), { recursive: true });
  await writeFile(path.join(root, 'mappings/a.yaml'), 'name: a\n');
  await writeFile(path.join(root, 'tenants/t/metadata/x.json'), '{}\n');
  return { root, dist: path.join(root, 'dist/t') };
}

// A minimal bundle: one opt-out flow that is switched off (runs without touching any port).
const indexJs = (flowName: string): string =>
  `const target = { resource: 'profile', path: 'profileAndServicesExt/profile', key: 'externalId', filter: 'byExternalId', filterParam: 'externalId_parameter' };
const source = { entity: 'contact', entitySet: 'contacts', primaryKey: 'contactid', modifiedField: 'modifiedon' };
const decide = (d) => ({ value: d.value === true, winner: 'dynamics', reason: 'test' });
const flow = { kind: 'optout', name: '${flowName}', direction: 'off', rule: 'adobe', origin: { file: 'm.yaml', line: 1, col: 1 }, source, target, pairs: [], decide };
export default { tenant: 't', compilerVersion: '0.1.0', flows: [flow] };\n`;

/** Writes index.js and a manifest that lists its hash, as the compiler would. */
async function writeBundle(
  dist: string,
  flowName: string,
  inputs: Record<string, string> = {},
  tenant = 't',
): Promise<void> {
  await mkdir(dist, { recursive: true });
  const js = indexJs(flowName);
  const body = {
    compilerVersion: '0.1.0',
    tenant,
    inputs,
    fingerprints: {},
    flows: [],
    files: { 'index.js': sha(js) },
  };
  await writeFile(path.join(dist, 'index.js'), js);
  await writeFile(
    path.join(dist, 'manifest.json'),
    JSON.stringify({ ...body, bundleHash: manifestHash(body) }, null, 2),
  );
}

describe('bundle loading and freshness', () => {
  it('reports missing, fresh and stale (changed input, new metadata file) bundles', async () => {
    const { root, dist } = await project();
    expect(await bundleFreshness(root, dist)).toEqual({ state: 'missing', changed: [] });
    await writeBundle(dist, 'f', {
      'mappings/a.yaml': sha('name: a\n'),
      'tenants/t/metadata/x.json': sha('{}\n'),
    });
    const meta = path.join(root, 'tenants/t/metadata');
    expect(await bundleFreshness(root, dist, meta)).toEqual({ state: 'fresh', changed: [] });
    await writeFile(path.join(root, 'mappings/a.yaml'), 'name: b\n');
    await writeFile(path.join(meta, 'y.json'), '{}\n');
    expect(await bundleFreshness(root, dist, meta)).toEqual({
      state: 'stale',
      changed: ['mappings/a.yaml', 'tenants/t/metadata/y.json'],
    });
  });

  it('loads index.js + manifest.json and rejects a bundle of another tenant', async () => {
    const { dist } = await project();
    await writeBundle(dist, 'f');
    const loaded = await loadBundle(dist);
    expect(loaded.bundle.flows.map((f) => f.name)).toEqual(['f']);
    await writeBundle(dist, 'f', {}, 'other');
    await expect(loadBundle(dist)).rejects.toMatchObject({ code: 'FERRY_BUNDLE_INVALID' });
    await expect(loadBundle(path.join(dist, 'nope'))).rejects.toMatchObject({ code: 'FERRY_BUNDLE_MISSING' });
  });

  it('a runtime picks up a recompiled bundle without a restart', async () => {
    const { root, dist } = await project();
    await writeBundle(dist, 'first');
    const clock = new FakeClock();
    const tenant = { version: 1, name: 't', mappings: [] } as unknown as TenantFile;
    const rt = await createRuntime({
      tenantDir: path.join(root, 'tenants/t'),
      tenant: { ...tenant, dynamics: {} as TenantFile['dynamics'], campaign: {} as TenantFile['campaign'] },
      bundleDir: dist,
      overrides: {
        state: 'sqlite::memory:',
        ports: {
          dynamics: new FakeDynamics(clock),
          campaign: new FakeCampaign(clock),
          journal: new FakeJournal(),
        },
      },
    });
    expect((await rt.runOnce({ mode: 'incremental' })).flows.map((f) => [f.flow, f.outcome])).toEqual([
      ['first', 'ok'],
    ]);
    expect(await rt.reload()).toBe(false);
    await writeBundle(dist, 'second');
    expect(await rt.reload()).toBe(true);
    expect((await rt.runOnce({ mode: 'incremental' })).flows.map((f) => f.flow)).toEqual(['second']);
    expect((await rt.status()).map((s) => [s.flow, s.status])).toEqual([['second', 'stopped']]);
    await rt.close();
  });

  it('follow runs pass after pass (status running) until aborted, then leaves flows stopped', async () => {
    const { root, dist } = await project();
    await writeBundle(dist, 'f');
    const clock = new FakeClock();
    const tenant = {
      version: 1,
      name: 't',
      mappings: [],
      dynamics: {},
      campaign: {},
    } as unknown as TenantFile;
    const rt = await createRuntime({
      tenantDir: path.join(root, 'tenants/t'),
      tenant,
      bundleDir: dist,
      overrides: {
        state: 'sqlite::memory:',
        ports: {
          dynamics: new FakeDynamics(clock),
          campaign: new FakeCampaign(clock),
          journal: new FakeJournal(),
        },
      },
    });
    const ac = new AbortController();
    const seen: string[] = [];
    let runs = 0;
    await rt.follow({
      mode: 'incremental',
      intervalMs: 5,
      signal: ac.signal,
      onRun: () => {
        runs++;
        void rt.status().then((st) => seen.push(st[0]?.status ?? '?'));
        if (runs === 3) ac.abort();
      },
    });
    expect(runs).toBe(3);
    expect(seen).toContain('running');
    expect((await rt.status())[0]?.status).toBe('stopped');
    expect(await rt.state.listRuns('f', 10)).toHaveLength(3);
    await rt.close();
    expect([
      parseInterval('30s'),
      parseInterval('5m'),
      parseInterval('250ms'),
      parseInterval('2'),
      parseInterval('soon'),
    ]).toEqual([30_000, 300_000, 250, 2000, null]);
  });
});
