// Entra + Dataverse emulators (sandbox metadata) and a tenant pointed at them by configuration only.
import { loadTenantMetadata } from '../../compiler/metadata/index.ts';
import type { TenantFile } from '../../core/model/tenant.ts';
import { offsetClock } from '../../emulators/common/clock.ts';
import type { ManualClock } from '../../emulators/common/clock.ts';
import { loadDynamicsSnapshot, startDynamicsEmulator } from '../../emulators/dynamics/index.ts';
import type { DynamicsEmulator } from '../../emulators/dynamics/index.ts';
import { startEntraEmulator } from '../../emulators/entra/index.ts';
import type { EntraEmulator } from '../../emulators/entra/index.ts';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import { clearMsalApps } from '../../runtime/auth/dynamics.ts';
import { connectTenant, upsertMultipleSets } from '../../runtime/connectors/index.ts';
import type { ConnectOptions, TenantConnectors } from '../../runtime/connectors/index.ts';
import type { CampaignSide } from './connectors-fixture.ts';
import { CREDS } from './connectors-fixture.ts';

export interface DynamicsSide {
  clock: ManualClock;
  entra: EntraEmulator;
  dyn: DynamicsEmulator;
  upsertMultiple: Map<string, string>;
  tenant(campaign?: CampaignSide): TenantFile;
  connect(opts?: ConnectOptions & { campaign?: CampaignSide }): Promise<TenantConnectors>;
  close(): Promise<void>;
}

export async function startDynamicsSide(emu: { maxBodyBytes?: number } = {}): Promise<DynamicsSide> {
  const clock = offsetClock();
  const snap = await loadDynamicsSnapshot('tenants/sandbox/metadata');
  const entra = await startEntraEmulator({ clock });
  const dyn = await startDynamicsEmulator({ ...snap, tokens: entra.tokens, clock, limits: false, ...emu });
  // ferry's own reading of the same snapshot: the emulator's schema is its own, not the runtime's.
  const upsertMultiple = upsertMultipleSets(
    (await loadTenantMetadata('tenants/sandbox/metadata')).metadata.dynamics,
  );
  const tenant = (campaign?: CampaignSide): TenantFile => ({
    version: 1,
    name: 'dyn',
    dynamics: {
      url: dyn.url,
      tenantId: SANDBOX.entraTenantId,
      clientId: SANDBOX.dynamicsClientId,
      clientSecret: { env: 'T_DYN_SECRET' },
      tokenUrl: entra.tokenEndpoint(),
      maxConcurrency: 4,
      batchSize: 4,
    },
    campaign: campaign?.tenant.campaign ?? {
      url: 'http://127.0.0.1:9/x/campaign',
      imsTokenUrl: 'http://127.0.0.1:9/ims',
      clientId: 'x',
      apiKey: 'x',
      clientSecret: { env: 'T_ACS_SECRET' },
      scopes: ['x'],
    },
    mappings: [],
  });
  return {
    clock,
    entra,
    dyn,
    upsertMultiple,
    tenant,
    connect: ({ campaign, ...opts } = {}) => {
      // A fresh msal app per connector: tests must not share a token cache across emulator instances.
      clearMsalApps();
      return connectTenant(tenant(campaign), '.', {
        env: { T_DYN_SECRET: SANDBOX.dynamicsClientSecret, T_ACS_SECRET: CREDS.clientSecret },
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        upsertMultiple,
        pageSize: 3,
        ...opts,
      });
    },
    close: async () => {
      await Promise.all([dyn.close(), entra.close()]);
    },
  };
}
