// The default mappings compile unchanged for a Campaign v8 tenant: custom filters are called by their
// "Filter name in REST API" (golden), and what v8 lacks is a positioned diagnostic (FERRY150-153).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject, validateProject, type CompileResult } from '../../compiler/index.ts';
import { goldenFiles, storedGolden, updateGolden } from '../compiler/golden-files.ts';
import { ROOT, v8Project } from './project.ts';

const goldenDir = path.join(ROOT, 'test/v8/golden');
const roots: string[] = [];
const project = async (opts: Parameters<typeof v8Project>[0] = {}): Promise<string> => {
  const root = await v8Project(opts);
  roots.push(root);
  return root;
};
const codes = async (root: string): Promise<string[]> =>
  (await validateProject({ root, tenant: 'sandbox' })).diagnostics.map(
    (d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.col}`,
  );

let v8: CompileResult;
beforeAll(async () => {
  v8 = await compileProject({ root: await project(), tenant: 'sandbox', out: goldenDir, write: false });
  updateGolden(goldenDir, v8);
});
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

describe('Campaign v8 flavour', () => {
  it('compiles the default mappings without diagnostics, byte-identical to the v8 golden', () => {
    expect(v8.diagnostics).toEqual([]);
    expect(new Map([...goldenFiles(v8)].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual(
      storedGolden(goldenDir),
    );
  });

  it('calls custom filters without the by prefix, and differs from Standard only there', async () => {
    const standard = await compileProject({ root: ROOT, tenant: 'sandbox', write: false });
    for (const [name, text] of goldenFiles(v8)) {
      const std = goldenFiles(standard).get(name) ?? '';
      const asStandard = text.replace(
        /"filter": "([a-z])(\w*)"/g,
        (_m, a: string, b: string) => `"filter": "by${a.toUpperCase()}${b}"`,
      );
      expect(asStandard).toBe(std);
    }
    expect(v8.files?.get('vehicles.ts')).toContain('"filter": "crmId"');
    expect(standard.files?.get('vehicles.ts')).toContain('"filter": "byCrmId"');
  });

  it('refuses a filter that has no "Filter name in REST API", at the mapping line', async () => {
    const root = await project({ unnamed: ['byCrmId'] });
    expect(await codes(root)).toEqual([
      'error FERRY150 mappings/vehicles.yaml:7:53',
      'error FERRY150 mappings/service-visits.yaml:7:58',
    ]);
  });

  it('reports a write to a field the migration dropped as an error, and unknown names as warnings', async () => {
    const root = await project({
      campaignLines: [
        'droppedFields: { profile: [firstName, noSuchField], cusVehicle: [vin], nothing: [x] }',
      ],
    });
    const found = await codes(root);
    expect(found).toEqual([
      'error FERRY151 mappings/contacts.yaml:11:14',
      'error FERRY151 mappings/vehicles.yaml:10:8',
      'warning FERRY153 tenants/sandbox/tenant.yaml:26:41',
      'warning FERRY153 tenants/sandbox/tenant.yaml:26:83',
    ]);
  });

  it('warns when the snapshots still call custom filters with by (metadata not pulled again)', async () => {
    const found = await codes(await project({ standardSnapshots: true }));
    expect(found.every((c) => c.startsWith('warning FERRY152'))).toBe(true);
    expect(found).toHaveLength(4);
  });
  it('opt-outs: the same pairs compile on v8; a pair on a dropped field is refused at its line', async () => {
    expect(v8.files?.get('optout.ts')).toContain('"filter": "externalId"');
    const found = await codes(
      await project({ campaignLines: ['droppedFields: { profile: [denyListPhone] }'] }),
    );
    expect(found).toEqual(['error FERRY151 mappings/optout.yaml:13:5']);
  });
});
