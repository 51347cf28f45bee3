// The Dynamics side of the emulator host: Entra (its tokens) and the sandbox Dynamics org, seeded with contacts.
import { systemClock } from '../../emulators/common/clock.ts';
import { SANDBOX, startEntraEmulator } from '../../emulators/index.ts';
import { contactAt, contactIdAt } from '../../emulators/seed/index.ts';
import { startSandboxDynamics } from '../../emulators/sandbox/dynamics.ts';
import { ROOT } from './paths.ts';
import type { HostConfig, HostSide } from './emulator-protocol.ts';

export async function startDynamicsSide(config: HostConfig): Promise<HostSide> {
  const clock = systemClock;
  const entra = await startEntraEmulator({ clock });
  const dynamics = await startSandboxDynamics({
    clock,
    tokens: entra.tokens,
    metadataDir: `${ROOT}tenants/sandbox/metadata`,
  });
  // Dynamics keeps its default service protection limits; every API call gets the configured latency.
  if (config.latencyMs > 0) dynamics.faults.setRules([{ path: '/api/', latencyMs: config.latencyMs }]);
  if (config.lazyContacts === true)
    dynamics.store.seed(
      'contact',
      config.contacts,
      (i) => contactAt(config.seed, i),
      (i) => contactIdAt(config.seed, i),
    );
  else for (let i = 0; i < config.contacts; i++) dynamics.store.upsert('contact', contactAt(config.seed, i));
  return {
    info: {
      dynamics: {
        url: dynamics.url,
        tokenUrl: entra.tokenEndpoint(SANDBOX.entraTenantId),
        clientSecret: SANDBOX.dynamicsClientSecret,
      },
    },
    counters: () => ({
      dynamics: { requests: dynamics.counters.requests, byRoute: { ...dynamics.counters.byRoute } },
    }),
    handle(cmd) {
      switch (cmd.cmd) {
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
          return { value: n };
        }
        case 'deltaMaxAge':
          dynamics.setDeltaTokenMaxAge(cmd.ms);
          return { value: null };
        default:
          return undefined;
      }
    },
  };
}
