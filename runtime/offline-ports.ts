// Ports for a runtime opened without the APIs (`ferry status`, `ferry dlq list`): no secrets, no connections.
import { ConfigError } from '../core/errors.ts';
import type { CampaignPort, DynamicsPort } from './ports.ts';

const offline = (what: string): ConfigError =>
  new ConfigError(
    'FERRY_OFFLINE',
    `${what} is not connected: this runtime was opened for the state store only (no secrets read)`,
  );

function refuse(what: string): never {
  throw offline(what);
}

async function* refuseStream(what: string): AsyncIterable<never> {
  yield* [];
  throw offline(what);
}

/** Every call fails with ConfigError FERRY_OFFLINE, so a misuse is loud rather than a silent empty read. */
export function offlineDynamics(): DynamicsPort {
  const what = 'Dynamics';
  return {
    readAll: () => refuseStream(what),
    startTracking: () => refuseStream(what),
    readDelta: () => refuseStream(what),
    upsert: async () => refuse(what),
    getByIds: async () => refuse(what),
    attributeTypes: async () => refuse(what),
    stats: { requests: 0 },
  };
}

export function offlineCampaign(): CampaignPort {
  const what = 'Campaign';
  return {
    findByKey: async () => refuse(what),
    create: async () => refuse(what),
    update: async () => refuse(what),
    remove: async () => refuse(what),
    modifiedSince: () => refuseStream(what),
    fieldTypes: async () => refuse(what),
    stats: { requests: 0, engineCalls: 0 },
  };
}
