// Starts the Dynamics emulator from the tenant's Dynamics snapshot (CSDL + EntityDefinitions files).
import type { Clock } from '../common/clock.ts';
import { loadDynamicsSnapshot, startDynamicsEmulator } from '../dynamics/index.ts';
import type { DynamicsEmulator } from '../dynamics/index.ts';
import type { TokenValidator } from '../entra/index.ts';

export async function startSandboxDynamics(opts: {
  port?: number;
  clock: Clock;
  tokens: TokenValidator;
  metadataDir: string;
  keyIndexDelayMs?: number;
}): Promise<DynamicsEmulator> {
  const snap = await loadDynamicsSnapshot(opts.metadataDir);
  return startDynamicsEmulator({
    metadata: snap.metadata,
    csdlXml: snap.csdlXml,
    entityDefinitions: snap.entityDefinitions,
    tokens: opts.tokens,
    clock: opts.clock,
    ...(opts.keyIndexDelayMs === undefined ? {} : { keyIndexDelayMs: opts.keyIndexDelayMs }),
    ...(opts.port === undefined ? {} : { port: opts.port }),
  });
}
