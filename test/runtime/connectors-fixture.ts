// Campaign + IMS + journal emulators and a tenant wired to them through connectTenant().
import type { TenantFile } from '../../core/model/tenant.ts';
import { manualClock, systemClock } from '../../emulators/common/clock.ts';
import type { ManualClock } from '../../emulators/common/clock.ts';
import { startCampaignEmulator } from '../../emulators/campaign/server.ts';
import type { CampaignEmulator } from '../../emulators/campaign/server.ts';
import { startImsEmulator } from '../../emulators/ims/server.ts';
import type { ImsEmulator } from '../../emulators/ims/server.ts';
import { startJournalEmulator } from '../../emulators/journal/server.ts';
import type { JournalEmulator } from '../../emulators/journal/server.ts';
import { connectTenant } from '../../runtime/connectors/index.ts';
import type { ConnectOptions, TenantConnectors } from '../../runtime/connectors/index.ts';
import { testMetadata } from '../emulators/campaign-fixture.ts';

export const CREDS = {
  clientId: 'test-client',
  clientSecret: 'test-secret-campaign',
  org: 'acme',
  scopes: ['openid', 'AdobeID', 'campaign_sdk'],
};

export interface CampaignSide {
  clock: ManualClock;
  ims: ImsEmulator;
  acs: CampaignEmulator;
  journal: JournalEmulator;
  tenant: TenantFile;
  close(): Promise<void>;
}

export async function startCampaignSide(
  lifetimeSeconds = 86399,
  throttle?: { callsPerSecond: number },
): Promise<CampaignSide> {
  const clock = manualClock(Date.UTC(2026, 0, 1));
  const ims = await startImsEmulator({ ...CREDS, clock, tokenLifetimeSeconds: lifetimeSeconds });
  const acs = await startCampaignEmulator({
    org: CREDS.org,
    apiKey: CREDS.clientId,
    tokens: ims.tokens,
    metadata: testMetadata(),
    seed: 7,
    // The emulator's per-second window needs a moving clock.
    ...(throttle ? { callsPerSecond: throttle.callsPerSecond, clock: systemClock } : {}),
  });
  const journal = await startJournalEmulator({
    path: '/events/organizations/acme/integrations/x/reg',
    apiKey: CREDS.clientId,
    tokens: ims.tokens,
    retryAfterSeconds: 7,
  });
  const tenant: TenantFile = {
    version: 1,
    name: 't',
    dynamics: {
      url: 'https://unused.example',
      tenantId: '8f0c2d1e-5b4a-4c3d-9e8f-7a6b5c4d3e2f',
      clientId: 'c',
      clientSecret: { env: 'T_DYN_SECRET' },
    },
    campaign: {
      url: acs.baseUrl,
      imsTokenUrl: ims.tokenUrl,
      clientId: CREDS.clientId,
      apiKey: CREDS.clientId,
      clientSecret: { env: 'T_ACS_SECRET' },
      scopes: CREDS.scopes,
      journalUrl: journal.journalUrl,
      callsPerSecond: 1000,
      concurrency: 4,
    },
    mappings: [],
  };
  return {
    clock,
    ims,
    acs,
    journal,
    tenant,
    close: async () => {
      await Promise.all([acs.close(), ims.close(), journal.close()]);
    },
  };
}

export const connect = (side: CampaignSide, opts: ConnectOptions = {}): Promise<TenantConnectors> =>
  connectTenant(side.tenant, '.', {
    env: { T_DYN_SECRET: 'unused', T_ACS_SECRET: CREDS.clientSecret },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...opts,
  });
