// ferry doctor against the sandbox emulators: all ok, then one failing check per test (tenant file,
// secrets, mappings, faults), each asserting the finding's detail and fix and the exit code.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../compiler/project/index.ts';
import { connectTenant } from '../../runtime/connectors/index.ts';
import { runDoctor } from '../../runtime/doctor/index.ts';
import { resourcePath } from '../../cli/commands/metadata.ts';
import { doctorFixture, type DoctorFinding, type DoctorFixture } from './fixture.ts';

let f: DoctorFixture;
let original: string;

beforeAll(async () => {
  f = await doctorFixture();
  original = await readFile(path.join(f.root, 'tenants/sandbox/tenant.yaml'), 'utf8');
}, 60_000);
afterEach(async () => {
  await f.editTenant(() => original);
  process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'] = f.sb.info.campaign.clientSecret;
  process.env['FERRY_SANDBOX_DYNAMICS_SECRET'] = f.sb.info.dynamics.clientSecret;
  f.sb.dynamics.faults.setRules([]);
});
afterAll(async () => f?.close());

const notOk = (findings: DoctorFinding[]): DoctorFinding[] => findings.filter((x) => x.status !== 'ok');

describe('ferry doctor on the sandbox', () => {
  it('finds nothing wrong, exits 0 and prints the table', async () => {
    const r = await f.ferry('doctor', '--tenant', 'sandbox');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^check\s+status\s+detail\s+fix$/m);
    for (const check of [
      'placeholders',
      'Dynamics token',
      'Dynamics WhoAmI',
      'Campaign token',
      'privileges',
      'change tracking',
      'alternate keys',
      'Campaign resource',
      'Campaign key field',
      'Campaign filter',
      'clock skew',
      'Dynamics rate limit',
      'Campaign rate limit',
    ])
      expect(r.out).toMatch(new RegExp(`^${check}\\s+ok\\s`, 'm'));
    const json = await f.doctor();
    expect(json.worst).toBe('ok');
    expect(notOk(json.findings)).toEqual([]);
  });

  it('placeholders: a YOUR-… value left in the tenant file fails', async () => {
    await f.editTenant((y) => y.replace(/^description: .*$/m, 'description: YOUR-TEAM-NAME'));
    const r = await f.doctor();
    expect(r.code).toBe(6);
    expect(notOk(r.findings)).toEqual([
      {
        check: 'placeholders',
        status: 'fail',
        detail: 'tenant file still holds YOUR-TEAM-NAME (line 6)',
        fix: 'Replace each YOUR-… value with your own (docs/real-tenant-setup.md says where each comes from).',
      },
      {
        check: 'other checks',
        status: 'warn',
        detail: 'not run: the tenant file does not name real services yet',
        fix: 'Replace the placeholders, then run ferry doctor again.',
      },
    ]);
  });

  it('Dynamics token: a wrong client secret fails with the credential fix, and the Dynamics checks say why they did not run', async () => {
    process.env['FERRY_SANDBOX_DYNAMICS_SECRET'] = 'not-the-secret';
    const r = await f.doctor();
    const token = r.findings.find((x) => x.check === 'Dynamics token');
    expect(token?.status).toBe('fail');
    expect(token?.detail).toMatch(/invalid_client|secret/i);
    expect(token?.fix).toBe('Check tenant id, client id and client secret.');
    expect(r.findings.find((x) => x.check === 'privileges')).toMatchObject({ status: 'warn' });
    expect(r.findings.find((x) => x.check === 'Campaign token')?.status).toBe('ok');
  });

  it('credentials: a secret that is not set is one failing finding, not a crash', async () => {
    delete process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'];
    const r = await f.doctor();
    expect(r.code).toBe(6);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ check: 'credentials', status: 'fail' });
    expect(r.findings[0]?.detail).toMatch(/FERRY_SANDBOX_CAMPAIGN_SECRET/);
  });

  it('Campaign token: a wrong client secret fails with the IMS fix', async () => {
    process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'] = 'not-the-secret';
    const r = await f.doctor();
    expect(r.code).toBe(6);
    const token = r.findings.find((x) => x.check === 'Campaign token');
    expect(token?.status).toBe('fail');
    expect(token?.fix).toBe('Check client id, client secret and the organization.');
  });

  it('Dynamics WhoAmI: an org that answers 503 fails with "run again later"', async () => {
    f.sb.dynamics.faults.setRules([{ path: '/api/data/v9.2/WhoAmI', errorRate: 1, errorStatus: 503 }]);
    const r = await f.doctor();
    const who = r.findings.find((x) => x.check === 'Dynamics WhoAmI');
    expect(who?.status).toBe('fail');
    expect(who?.detail).toMatch(/503/);
    expect(who?.fix).toMatch(/^Dynamics is unavailable: run ferry doctor again later/);
  });

  it('Campaign resource and key field: a mapping naming what Campaign lacks fails', async () => {
    const file = path.join(f.root, 'mappings/vehicles.yaml');
    const before = await readFile(file, 'utf8');
    await writeFile(file, before.replace(/key: crmId/, 'key: vehicleRef'));
    const r = await f.doctor().finally(() => writeFile(file, before));
    expect(notOk(r.findings).find((x) => x.check === 'Campaign key field')).toEqual({
      check: 'Campaign key field',
      status: 'fail',
      detail: 'cusVehicle has no field vehicleRef',
      fix: 'Add a string field vehicleRef of 36+ characters to cusVehicle (Campaign > Administration > Development > Custom resources) and publish.',
    });
    await writeFile(file, before.replace(/resource: cusVehicle/, 'resource: cusTruck'));
    const r2 = await f.doctor().finally(() => writeFile(file, before));
    expect(notOk(r2.findings).find((x) => x.check === 'Campaign resource')).toMatchObject({
      status: 'fail',
      detail: 'cusTruck (mapping vehicles) does not exist',
    });
  });

  it('rate limits: above the org hint warns (exit 5), above the service limit fails', async () => {
    await f.editTenant((y) => y.replace(/maxConcurrency: \d+/, 'maxConcurrency: 16'));
    const w = await f.doctor();
    expect(w.code).toBe(5);
    expect(notOk(w.findings)).toEqual([
      {
        check: 'Dynamics rate limit',
        status: 'warn',
        detail: "dynamics.maxConcurrency 16 is above the org's recommended parallelism (x-ms-dop-hint 8)",
        fix: 'Set dynamics.maxConcurrency to 8: more only earns 429 answers.',
      },
    ]);
    await f.editTenant((y) =>
      y
        .replace(/maxConcurrency: \d+/, 'maxConcurrency: 60')
        .replace(/callsPerSecond: \d+/, 'callsPerSecond: 2'),
    );
    const x = await f.doctor();
    expect(notOk(x.findings).map((n) => [n.check, n.status, n.detail])).toEqual([
      [
        'Dynamics rate limit',
        'fail',
        "dynamics.maxConcurrency 60 exceeds the service's 52 concurrent requests per user",
      ],
      ['Campaign rate limit', 'warn', 'campaign.concurrency 8 is above campaign.callsPerSecond 2'],
    ]);
  });

  it('clock skew: a local clock 10 minutes ahead fails, 2 minutes ahead warns', async () => {
    const project = await loadProject({ root: f.root, tenant: 'sandbox' });
    const tenant = project.tenant;
    if (tenant === null) throw new Error('sandbox tenant did not load');
    const conn = await connectTenant(tenant.value, project.tenantDir);
    const skewed = (ms: number) =>
      runDoctor({
        tenant: tenant.value,
        tenantText: tenant.doc.text,
        mappings: project.mappings.map((m) => m.value),
        pathOf: resourcePath,
        conn,
        now: () => Date.now() + ms,
      });
    try {
      const far = (await skewed(10 * 60_000)).find((x) => x.check === 'clock skew');
      expect(far?.status).toBe('fail');
      expect(far?.detail).toMatch(/^local clock is (599|600|601) s ahead of Dynamics$/);
      expect(far?.fix).toMatch(/^Synchronise the host clock/);
      expect((await skewed(-2 * 60_000)).find((x) => x.check === 'clock skew')).toMatchObject({
        status: 'warn',
        detail: expect.stringMatching(/ s behind Dynamics$/),
      });
    } finally {
      await conn.close();
    }
  });
});
