// The Campaign side of the emulator host: IMS, Campaign and the event journal, with the Campaign arrival log.
import { ServerResponse } from 'node:http';
import { systemClock } from '../../emulators/common/clock.ts';
import type { FaultRule } from '../../emulators/common/faults.ts';
import {
  ImsTokens,
  JOURNAL_PATH,
  SANDBOX,
  startCampaignEmulator,
  startImsEmulator,
  startJournalEmulator,
} from '../../emulators/index.ts';
import { contactIdAt } from '../../emulators/seed/index.ts';
import { loadCampaignSnapshot } from '../../emulators/campaign/snapshot.ts';
import { ROOT } from './paths.ts';
import type { ArrivalLog, HostConfig, HostSide } from './emulator-protocol.ts';

export async function startCampaignSide(config: HostConfig): Promise<HostSide> {
  const clock = systemClock;
  const latency = (path: string): FaultRule[] =>
    config.latencyMs > 0 ? [{ path, latencyMs: config.latencyMs }] : [];
  const tokens = new ImsTokens(clock, config.seed);
  const org = SANDBOX.campaignOrg;
  const ims = await startImsEmulator({
    clientId: SANDBOX.campaignClientId,
    clientSecret: SANDBOX.campaignClientSecret,
    org,
    scopes: SANDBOX.campaignScopes,
    tokens,
  });
  const campaign = await startCampaignEmulator({
    org,
    apiKey: SANDBOX.campaignClientId,
    tokens,
    ...(await loadCampaignSnapshot(`${ROOT}tenants/sandbox/metadata`)),
    seed: config.seed,
    clock,
    ...(config.campaignCallsPerSecond !== undefined ? { callsPerSecond: config.campaignCallsPerSecond } : {}),
    faults: { rules: latency('/') },
  });
  const journal = await startJournalEmulator({
    path: JOURNAL_PATH,
    apiKey: SANDBOX.campaignClientId,
    tokens,
    clock,
  });
  const log = arrivalLog(campaign);
  /** Deliveries made so far: each `deliver` continues the count, so every pass gets fresh event ids. */
  let deliveries = 0;
  return {
    info: {
      campaign: {
        url: campaign.baseUrl,
        imsTokenUrl: ims.tokenUrl,
        journalUrl: journal.journalUrl,
        clientSecret: SANDBOX.campaignClientSecret,
      },
    },
    counters: () => {
      const c = campaign.counters;
      return {
        campaign: {
          requests: c.requests,
          engineCalls: c.engineCalls,
          throttled: c.throttled,
          byOperation: { ...c.byOperation },
          injected: { ...campaign.faults.counts },
        },
        journalSize: journal.journal.size,
        profiles: campaign.store.table('profile').size,
      };
    },
    handle(cmd) {
      switch (cmd.cmd) {
        case 'deliver': {
          let appended = 0;
          for (; appended < cmd.events; deliveries++) {
            const d = deliveries;
            const profiles = Array.from({ length: Math.min(config.contacts, cmd.profiles) }, (_, i) => ({
              PKey: `@bench${i}`,
              externalId: contactIdAt(config.seed, i),
              email: `user${i}@example.com`,
            }));
            appended += journal.deliver({
              seed: config.seed * 1000 + d,
              profiles,
              delivery: { id: `DM${d}`, label: `Bench ${d}` },
            }).appended;
          }
          return { value: appended };
        }
        case 'faults':
          // The first matching rule wins, so every rule carries the latency too.
          campaign.faults.setRules(
            [...cmd.rules.map((r) => ({ latencyMs: config.latencyMs, ...r })), ...latency('/')],
            cmd.seed,
          );
          return { value: campaign.faults.counts };
        case 'log':
          return { value: log.turn(cmd.on) };
        case 'profiles': {
          // Beside the API (no rate limit, no request counted): a benchmark watching for a value must not eat ferry's quota.
          const profiles = campaign.store.table('profile');
          return { value: cmd.keys.map((k) => profiles.find('externalId', k)[0]?.fields[cmd.field] ?? null) };
        }
        default:
          return undefined;
      }
    },
  };
}

/** Arrival log of Campaign requests, taken where the emulator decides faults (every API request passes there). */
function arrivalLog(campaign: Awaited<ReturnType<typeof startCampaignEmulator>>): {
  turn(on: boolean): ArrivalLog | null;
} {
  const arrivals: ArrivalLog = { t: [], throttledAt: [], retryAfter: [] };
  let logging = false;
  const now = (): number => performance.timeOrigin + performance.now();
  const decide = campaign.faults.decide.bind(campaign.faults);
  campaign.faults.decide = (method, pathname) => {
    if (logging) arrivals.t.push(now());
    return decide(method, pathname);
  };
  // When each 429 actually leaves the Campaign server (after latency and any event-loop lag): the pause starts there.
  const writeHead = ServerResponse.prototype.writeHead as (
    this: ServerResponse,
    status: number,
    ...rest: unknown[]
  ) => ServerResponse;
  ServerResponse.prototype.writeHead = function (
    this: ServerResponse,
    status: number,
    ...rest: unknown[]
  ): ServerResponse {
    if (logging && status === 429 && this.socket?.localPort === campaign.port) {
      const headers = rest.find((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
      arrivals.throttledAt.push(now());
      arrivals.retryAfter.push(Number(headers?.['Retry-After'] ?? 0));
    }
    return writeHead.call(this, status, ...rest);
  } as typeof ServerResponse.prototype.writeHead;
  return {
    turn(on) {
      logging = on;
      if (!on) return arrivals;
      for (const a of [arrivals.t, arrivals.throttledAt, arrivals.retryAfter]) a.length = 0;
      return null;
    },
  };
}
