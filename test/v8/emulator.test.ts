// The Campaign emulator's v8 flavour: custom filters by their REST name (the `by` name is gone), the
// v8 metadata says so, dropped fields answer blank, and a link given as fields creates the linked record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignSchema, ResourceDef } from '../../emulators/campaign/model.ts';
import { startFixture, testMetadata, type CampaignFixture } from '../emulators/campaign-fixture.ts';

function v8Metadata(): CampaignSchema {
  const base = testMetadata();
  const vehicle = base.resources.get('cusVehicle') as ResourceDef;
  const custom = { name: 'byCrmId', params: ['crmId_parameter'], custom: true };
  return {
    resources: new Map([
      ...base.resources,
      ['cusVehicle', { ...vehicle, filters: new Map([['byCrmId', custom]]) }],
    ]),
  };
}

const fixtures: CampaignFixture[] = [];
let v8: CampaignFixture;
let std: CampaignFixture;
beforeAll(async () => {
  v8 = await startFixture({ metadata: v8Metadata(), flavor: 'v8', droppedFields: { profile: ['fax'] } });
  std = await startFixture({ metadata: v8Metadata() });
  fixtures.push(v8, std);
});
afterAll(async () => {
  for (const f of fixtures) await f.close();
});

const json = async (r: Response): Promise<Record<string, unknown>> =>
  (await r.json()) as Record<string, unknown>;

describe('Campaign emulator, v8 flavour', () => {
  it('answers a custom filter by its REST name only; Standard by its by name only', async () => {
    for (const f of [v8, std]) {
      const created = await f.call('profileAndServicesExt/cusVehicle', {
        method: 'POST',
        body: { crmId: 'c-1' },
      });
      expect(created.status).toBe(201);
    }
    const hit = await json(await v8.call('profileAndServicesExt/cusVehicle/crmId?crmId_parameter=c-1'));
    expect((hit['content'] as unknown[]).length).toBe(1);
    expect((await v8.call('profileAndServicesExt/cusVehicle/byCrmId?crmId_parameter=c-1')).status).toBe(500);
    const count = await json(
      await v8.call('profileAndServicesExt/cusVehicle/crmId/_count?crmId_parameter=c-1'),
    );
    expect(count).toEqual({ count: 1 });
    expect((await std.call('profileAndServicesExt/cusVehicle/byCrmId?crmId_parameter=c-1')).status).toBe(200);
    // On Standard `crmId` is the field projection (plain values), not a filter.
    const projection = await json(
      await std.call('profileAndServicesExt/cusVehicle/crmId?crmId_parameter=c-1'),
    );
    expect(projection['content']).toEqual(['c-1']);
  });

  it('publishes the REST name in the filter metadata', async () => {
    const meta = await json(await v8.call('profileAndServicesExt/resourceType/cusVehicle'));
    const filters = (meta['filters'] as { content: Record<string, { data: string }> }).content;
    expect(filters['byCrmId']?.data).toMatch(/\/cusVehicle\/crmId\?crmId_parameter=\$value$/);
    const stdMeta = await json(await std.call('profileAndServicesExt/resourceType/cusVehicle'));
    expect(JSON.stringify(stdMeta)).toContain('/cusVehicle/byCrmId?');
  });

  it('accepts a write to a dropped field and answers it blank', async () => {
    const r = await json(
      await v8.call('profileAndServicesExt/profile', {
        method: 'POST',
        body: { email: 'a@b.example', fax: '0102' },
      }),
    );
    expect(r['fax']).toBe('');
    const again = await json(await v8.call(String(r['href'])));
    expect(again['fax']).toBe('');
    const s = await json(
      await std.call('profileAndServicesExt/profile', {
        method: 'POST',
        body: { email: 'a@b.example', fax: '0102' },
      }),
    );
    expect(s['fax']).toBe('0102');
  });

  it('creates the linked record from a link given as fields (Standard refuses the body)', async () => {
    const body = { crmId: 'c-2', profile: { email: 'owner@b.example', lastName: 'Owner' } };
    const r = await v8.call('profileAndServicesExt/cusVehicle', { method: 'POST', body });
    expect(r.status).toBe(201);
    const link = (await json(r))['profile'] as { PKey: string; href: string };
    const owner = await json(await v8.call(link.href));
    expect(owner['lastName']).toBe('Owner');
    expect((await std.call('profileAndServicesExt/cusVehicle', { method: 'POST', body })).status).toBe(500);
  });

  it('answers only under its own tenant id', async () => {
    const wrong = `${v8.acs.url}/someothertenant/campaign/profileAndServicesExt/profile`;
    expect((await v8.call(wrong)).status).toBe(500);
  });
});
