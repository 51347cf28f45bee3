// Shared Campaign test setup: hand-built resources (profile + linked and unlinked custom resources).
import type { ManualClock } from '../../emulators/common/clock.ts';
import type { CampaignSchema, FieldDef, ResourceDef } from '../../emulators/campaign/model.ts';
import { defaultProfileResource } from '../../emulators/campaign/default-metadata.ts';
import type { CampaignEmulator, CampaignEmulatorOptions } from '../../emulators/campaign/server.ts';
import { startCampaignEmulator } from '../../emulators/campaign/server.ts';
import type { ImsEmulator } from '../../emulators/ims/server.ts';
import { CREDS, fetchToken, startIms } from './ims-fixture.ts';

const fld = (name: string, type: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  type,
  readOnly: false,
  mandatory: false,
  ...extra,
});

export function testMetadata(): CampaignSchema {
  const profile = defaultProfileResource({ fields: [fld('cusLoyaltyTier', 'string', { length: 10 })] });
  const vehicle: ResourceDef = {
    name: 'cusVehicle',
    path: 'profileAndServicesExt/cusVehicle',
    fields: new Map([
      ['crmId', fld('crmId', 'string', { length: 36 })],
      ['vin', fld('vin', 'string', { length: 17 })],
      ['profile', fld('profile', 'link', { target: 'profile' })],
    ]),
    filters: new Map([['byCrmId', { name: 'byCrmId', params: ['crmId_parameter'] }]]),
    keys: [['crmId']],
  };
  const dealer: ResourceDef = {
    name: 'cusDealer',
    path: 'customResources/cusDealer',
    fields: new Map([['name', fld('name', 'string', { length: 20 })]]),
    filters: new Map(),
    keys: [],
  };
  return {
    resources: new Map([
      ['profile', profile],
      ['cusVehicle', vehicle],
      ['cusDealer', dealer],
    ]),
  };
}

export interface CampaignFixture {
  ims: ImsEmulator;
  acs: CampaignEmulator;
  token: string;
  /** fetch relative to `<url>/<ORG>/campaign/` with valid auth headers. */
  call(
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startFixture(
  extra: Partial<CampaignEmulatorOptions> = {},
): Promise<CampaignFixture & { clock: ManualClock }> {
  const { ims, clock } = await startIms();
  const acs = await startCampaignEmulator({
    org: CREDS.org,
    apiKey: CREDS.clientId,
    tokens: ims.tokens,
    metadata: testMetadata(),
    seed: 7,
    ...extra,
  });
  const token = await fetchToken(ims);
  const call = (
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(path.startsWith('http') ? path : `${acs.baseUrl}/${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        'x-api-key': CREDS.clientId,
        'content-type': 'application/json',
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  return {
    ims,
    acs,
    token,
    call,
    clock,
    close: async () => {
      await acs.close();
      await ims.close();
    },
  };
}
