// Child process: the sandbox emulators for one benchmark, with per-call latency, seeded contacts and
// a request log, driven over IPC (so their CPU and memory are not ferry's). Started by emulator-client.ts.
import { ServerResponse } from 'node:http';
import type { FaultRule } from '../../emulators/common/faults.ts';
import { systemClock } from '../../emulators/common/clock.ts';
import {
  startCampaignEmulator,
  startImsEmulator,
  startJournalEmulator,
  ImsTokens,
  JOURNAL_PATH,
  SANDBOX,
  startEntraEmulator,
} from '../../emulators/index.ts';
import { contactAt, contactIdAt } from '../../emulators/seed/index.ts';
import { startSandboxDynamics } from '../../emulators/sandbox/dynamics.ts';
import { loadCampaignSnapshot } from '../../emulators/campaign/snapshot.ts';
import { ROOT } from './paths.ts';
import type { HostConfig, HostCommand, HostCounters, HostInfo, ArrivalLog } from './emulator-protocol.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as HostConfig;
const metadataDir = `${ROOT}tenants/sandbox/metadata`;
const clock = systemClock;
const latency = (path: string): FaultRule[] =>
  config.latencyMs > 0 ? [{ path, latencyMs: config.latencyMs }] : [];

const entra = await startEntraEmulator({ clock });
const dynamics = await startSandboxDynamics({ clock, tokens: entra.tokens, metadataDir });
// Dynamics keeps its default service protection limits; every API call gets the configured latency.
dynamics.faults.setRules(latency('/api/'));
if (config.lazyContacts === true)
  dynamics.store.seed(
    'contact',
    config.contacts,
    (i) => contactAt(config.seed, i),
    (i) => contactIdAt(config.seed, i),
  );
else for (let i = 0; i < config.contacts; i++) dynamics.store.upsert('contact', contactAt(config.seed, i));

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
  ...(await loadCampaignSnapshot(metadataDir)),
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

// Arrival log of Campaign requests, taken where the emulator decides faults (every API request passes there).
const arrivals: ArrivalLog = { t: [], throttledAt: [], retryAfter: [] };
let logging = false;
/** Deliveries made so far: each `deliver` continues the count, so every pass gets fresh event ids. */
let deliveries = 0;
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

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function counters(): HostCounters {
  const c = campaign.counters;
  return {
    campaign: {
      requests: c.requests,
      engineCalls: c.engineCalls,
      throttled: c.throttled,
      byOperation: { ...c.byOperation },
      injected: { ...campaign.faults.counts },
    },
    dynamics: { requests: dynamics.counters.requests, byRoute: { ...dynamics.counters.byRoute } },
    journalSize: journal.journal.size,
    profiles: campaign.store.table('profile').size,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    cpuMs: cpuMs(),
  };
}

async function handle(cmd: HostCommand): Promise<unknown> {
  switch (cmd.cmd) {
    case 'counters':
      return counters();
    case 'touch': {
      // Changes lastname on every n-th contact: a real change for the mapping (lastName is hashed).
      let n = 0;
      for (let i = 0; i < config.contacts; i += cmd.every) {
        dynamics.store.upsert('contact', {
          contactid: contactIdAt(config.seed, i),
          lastname: `Changed${cmd.round}-${i}`,
        });
        n++;
      }
      return n;
    }
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
      return appended;
    }
    case 'faults':
      // The first matching rule wins, so every rule carries the latency too.
      campaign.faults.setRules(
        [...cmd.rules.map((r) => ({ latencyMs: config.latencyMs, ...r })), ...latency('/')],
        cmd.seed,
      );
      return campaign.faults.counts;
    case 'deltaMaxAge':
      dynamics.setDeltaTokenMaxAge(cmd.ms);
      return null;
    case 'log':
      logging = cmd.on;
      if (cmd.on) {
        for (const a of [arrivals.t, arrivals.throttledAt, arrivals.retryAfter]) a.length = 0;
      }
      return cmd.on ? null : arrivals;
    case 'profiles': {
      // Beside the API (no rate limit, no request counted): a benchmark watching for a value must not eat ferry's quota.
      const profiles = campaign.store.table('profile');
      return cmd.keys.map((k) => profiles.find('externalId', k)[0]?.fields[cmd.field] ?? null);
    }
  }
}

process.on('message', (m: { id: number; body: HostCommand }) => {
  handle(m.body).then(
    (value) => process.send?.({ id: m.id, value }),
    (err: unknown) => process.send?.({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));

const info: HostInfo = {
  dynamics: {
    url: dynamics.url,
    tokenUrl: entra.tokenEndpoint(SANDBOX.entraTenantId),
    clientSecret: SANDBOX.dynamicsClientSecret,
  },
  campaign: {
    url: campaign.baseUrl,
    imsTokenUrl: ims.tokenUrl,
    journalUrl: journal.journalUrl,
    clientSecret: SANDBOX.campaignClientSecret,
  },
};
process.send?.({ ready: info });
