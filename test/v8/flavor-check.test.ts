// checkCampaignFlavor compares the tenant's campaign.flavor with what the live instance answers
// (against the Campaign emulator in both flavours), and points at the tenant id after a migration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignSchema, ResourceDef } from '../../emulators/campaign/model.ts';
import { checkCampaignFlavor, type FlavorTarget } from '../../runtime/connectors/campaign/flavor-check.ts';
import { CREDS } from '../emulators/ims-fixture.ts';
import { startFixture, testMetadata, type CampaignFixture } from '../emulators/campaign-fixture.ts';

function metadata(): CampaignSchema {
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

let v8: CampaignFixture;
let std: CampaignFixture;
beforeAll(async () => {
  v8 = await startFixture({ metadata: metadata(), flavor: 'v8' });
  std = await startFixture({ metadata: metadata() });
});
afterAll(async () => {
  await v8.close();
  await std.close();
});

const target = (filter: string): FlavorTarget => ({
  resource: 'cusVehicle',
  path: 'profileAndServicesExt/cusVehicle',
  filter,
  filterParam: 'crmId_parameter',
});
const getter = (f: CampaignFixture) => async (url: string) => {
  const r = await fetch(url, {
    headers: { authorization: `Bearer ${f.token}`, 'x-api-key': CREDS.clientId },
  });
  const text = await r.text();
  return {
    status: r.status,
    body: r.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : text,
  };
};

describe('checkCampaignFlavor', () => {
  it('agrees when the tenant and the instance have the same flavour', async () => {
    const a = await checkCampaignFlavor({
      flavor: 'v8',
      baseUrl: v8.acs.baseUrl,
      targets: [target('crmId')],
      get: getter(v8),
    });
    expect(a).toEqual({ ok: true, observed: 'v8', findings: [] });
    const b = await checkCampaignFlavor({
      flavor: 'standard',
      baseUrl: std.acs.baseUrl,
      targets: [target('byCrmId')],
      get: getter(std),
    });
    expect(b).toEqual({ ok: true, observed: 'standard', findings: [] });
  });

  it('a Standard tenant whose instance moved to v8: the by filter is gone, told to set flavor v8', async () => {
    const r = await checkCampaignFlavor({
      flavor: 'standard',
      baseUrl: v8.acs.baseUrl,
      targets: [target('byCrmId')],
      get: getter(v8),
    });
    expect(r.ok).toBe(false);
    expect(r.observed).toBe('v8');
    expect(r.findings[0]?.problem).toMatch(
      /'byCrmId' is not answered \(HTTP 500\); the instance calls it 'crmId'/,
    );
    expect(r.findings[0]?.hint).toMatch(/campaign\.flavor: v8/);
  });

  it('a v8 tenant against a Standard instance is a mismatch', async () => {
    const r = await checkCampaignFlavor({
      flavor: 'v8',
      baseUrl: std.acs.baseUrl,
      targets: [target('crmId')],
      get: getter(std),
    });
    expect(r.ok).toBe(false);
    expect(r.observed).toBe('standard');
  });

  it('the old tenant id in the URL is reported with the v8 tenant id hint', async () => {
    const r = await checkCampaignFlavor({
      flavor: 'v8',
      baseUrl: `${v8.acs.url}/oldstandardtenant/campaign`,
      targets: [target('crmId')],
      get: getter(v8),
    });
    expect(r.ok).toBe(false);
    expect(r.findings[0]?.hint).toMatch(/v8 tenant id/);
  });
});
