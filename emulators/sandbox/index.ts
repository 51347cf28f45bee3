// Starts every emulator for the `sandbox` tenant, seeded, and returns how to connect to them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../common/clock.ts';
import { systemClock } from '../common/clock.ts';
import type { CampaignEmulator } from '../campaign/server.ts';
import { startCampaignEmulator } from '../campaign/server.ts';
import type { CampaignFlavor } from '../campaign/flavor.ts';
import { loadCampaignSnapshot } from '../campaign/snapshot.ts';
import { campaignTimestamp } from '../campaign/time.ts';
import { startEntraEmulator } from '../entra/index.ts';
import type { EntraEmulator } from '../entra/index.ts';
import { startImsEmulator } from '../ims/server.ts';
import type { ImsEmulator } from '../ims/server.ts';
import { ImsTokens } from '../ims/tokens.ts';
import type { DeliveryProfile } from '../journal/delivery.ts';
import { startJournalEmulator } from '../journal/server.ts';
import type { JournalEmulator } from '../journal/server.ts';
import { SANDBOX } from '../sandbox-credentials.ts';
import { SEEDED_TABLES, seedCampaign, seedDynamics } from '../seed/load.ts';
import { synthesizeRows } from '../seed/synth-rows.ts';
import { startControl } from './control.ts';
import type { DynamicsEmulator } from '../dynamics/index.ts';
import { startSandboxDynamics } from './dynamics.ts';
import type { SandboxInfo, SandboxPorts } from './types.ts';
import { JOURNAL_PATH } from './types.ts';

export interface SandboxOptions {
  readonly seed?: number;
  /** Dynamics contacts to generate (default 1000). */
  readonly contacts?: number;
  /** Fixed ports (the CLI uses 7401…); every emulator on port 0 when omitted. */
  readonly ports?: SandboxPorts;
  readonly clock?: Clock;
  /** tenants/sandbox/metadata (default: the one in this repository). */
  readonly metadataDir?: string;
  /** Events of one simulated delivery to the seeded profiles (default true). */
  readonly initialDelivery?: boolean;
  /** How long a key created over the Web API stays Pending (default 30 s; tests use 0). */
  readonly keyIndexDelayMs?: number;
  /** Rows synthesized from the attribute definitions for each table the seed has no generator for (default 0). */
  readonly synthesizedRows?: number;
  /** Campaign Standard (default) or Campaign v8 migrated from Standard, from the same seed. */
  readonly campaignFlavor?: CampaignFlavor;
}

export interface Sandbox {
  readonly info: SandboxInfo;
  readonly campaign: CampaignEmulator;
  readonly ims: ImsEmulator;
  readonly journal: JournalEmulator;
  readonly entra: EntraEmulator;
  readonly dynamics: DynamicsEmulator;
  close(): Promise<void>;
}

// The repository's sandbox tenant: the nearest folder above this module holding package.json (the
// same from the sources and from build/).
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const DEFAULT_METADATA = path.join(repoRoot(), 'tenants', 'sandbox', 'metadata');
const LABELS = {
  send: 'Send via email',
  open: 'Email opened',
  click: 'Email link clicked',
  bounce: 'Email bounced',
} as const;

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const seed = opts.seed ?? 1;
  const contacts = opts.contacts ?? 1000;
  const clock = opts.clock ?? systemClock;
  const metadataDir = opts.metadataDir ?? DEFAULT_METADATA;
  const flavor = opts.campaignFlavor ?? 'standard';
  const org = flavor === 'v8' ? SANDBOX.campaignOrgV8 : SANDBOX.campaignOrg;
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const entra = await startEntraEmulator({ clock, ...(opts.ports ? { port: opts.ports.entra } : {}) });
    closers.push(() => entra.close());
    const dynamics = await startSandboxDynamics({
      clock,
      tokens: entra.tokens,
      metadataDir,
      ...(opts.ports ? { port: opts.ports.dynamics } : {}),
      ...(opts.keyIndexDelayMs === undefined ? {} : { keyIndexDelayMs: opts.keyIndexDelayMs }),
    });
    closers.push(() => dynamics.close());
    seedDynamics(dynamics.store, { seed, contacts });
    synthesizeRows(dynamics.store, { seed, rows: opts.synthesizedRows ?? 0, skip: SEEDED_TABLES });

    const tokens = new ImsTokens(clock, seed);
    const ims = await startImsEmulator({
      clientId: SANDBOX.campaignClientId,
      clientSecret: SANDBOX.campaignClientSecret,
      org,
      scopes: SANDBOX.campaignScopes,
      tokens,
      ...(opts.ports ? { port: opts.ports.ims } : {}),
    });
    closers.push(() => ims.close());

    const campaignPort = opts.ports?.campaign;
    const snapshot = await loadCampaignSnapshot(metadataDir);
    const campaign = await startCampaignEmulator({
      org,
      apiKey: SANDBOX.campaignClientId,
      tokens,
      ...snapshot,
      ...(flavor === 'v8' ? { flavor, droppedFields: SANDBOX.campaignDroppedV8 } : {}),
      seed,
      clock,
      ...(campaignPort ? { port: campaignPort } : {}),
    });
    closers.push(() => campaign.close());
    seedCampaign(campaign.store, { seed, contacts });

    const journal = await startJournalEmulator({
      path: JOURNAL_PATH,
      apiKey: SANDBOX.campaignClientId,
      tokens,
      clock,
      ...(opts.ports ? { port: opts.ports.journal } : {}),
    });
    closers.push(() => journal.close());
    // Delivered events also show up in Campaign's marketing history of the profile.
    journal.journal.onAppend((records) => {
      // v8: the same deliveries land in the delivery and tracking logs the SOAP API reads.
      if (flavor === 'v8') for (const { event } of records) campaign.logs.append(event);
      for (const { event } of records) {
        if (!campaign.store.linkExists('profile', event.profile.PKey)) continue;
        campaign.store.addHistory(event.profile.PKey, {
          category: 'email',
          date: campaignTimestamp(Date.parse(event.timestamp)),
          label: LABELS[event.type],
          type: event.type === 'send' ? 'outbound' : 'tracking',
        });
      }
    });
    const defaultProfiles = (limit: number): DeliveryProfile[] => {
      const out: DeliveryProfile[] = [];
      for (const row of campaign.store.table('profile').scan()) {
        if (out.length >= limit) break;
        const { externalId, email } = row.fields;
        if (typeof externalId === 'string' && typeof email === 'string')
          out.push({ PKey: row.pkey, externalId, email });
      }
      return out;
    };
    if (opts.initialDelivery !== false)
      journal.deliver({ seed, profiles: defaultProfiles(500), startAt: clock.now() - 3_600_000 });

    const dynamicsUrl = dynamics.url;
    const ref: { info?: SandboxInfo } = {};
    const control = await startControl(
      { campaign, journal, info: () => ref.info, defaultProfiles },
      opts.ports?.control,
    );
    closers.push(() => control.close());
    const info: SandboxInfo = {
      dynamics: {
        url: dynamicsUrl,
        tokenUrl: entra.tokenEndpoint(SANDBOX.entraTenantId),
        tenantId: SANDBOX.entraTenantId,
        clientId: SANDBOX.dynamicsClientId,
        clientSecret: SANDBOX.dynamicsClientSecret,
        scope: `${dynamicsUrl}/.default`,
      },
      campaign: {
        url: campaign.baseUrl,
        org,
        imsTokenUrl: ims.tokenUrl,
        clientId: SANDBOX.campaignClientId,
        clientSecret: SANDBOX.campaignClientSecret,
        apiKey: SANDBOX.campaignClientId,
        scope: SANDBOX.campaignScopes.join(','),
        journalUrl: journal.journalUrl,
      },
      control: { url: control.url },
    };
    ref.info = info;
    return { info, campaign, ims, journal, entra, dynamics, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export { portsFrom, JOURNAL_PATH } from './types.ts';
export type { SandboxInfo, SandboxPorts } from './types.ts';
