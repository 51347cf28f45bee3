// Child process: the sandbox emulators for one benchmark (Dynamics, Campaign or both), with per-call latency,
// seeded contacts and a request log, driven over IPC (so their CPU and memory are not ferry's). Started by
// emulator-client.ts.
import { FerryError } from '../../core/errors.ts';
import { startCampaignSide } from './host-campaign.ts';
import { startDynamicsSide } from './host-dynamics.ts';
import type { HostCommand, HostConfig, HostCounters, HostInfo, HostSide } from './emulator-protocol.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as HostConfig;
const services = config.services ?? 'all';
const sides: HostSide[] = [];
if (services !== 'campaign') sides.push(await startDynamicsSide(config));
if (services !== 'dynamics') sides.push(await startCampaignSide(config));

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function handle(cmd: HostCommand): Promise<unknown> {
  // This host's part only: the client merges the parts of its hosts (and fills what no host runs).
  if (cmd.cmd === 'counters')
    return Object.assign({}, ...sides.map((s) => s.counters()), {
      rssMb: process.memoryUsage().rss / 2 ** 20,
      cpuMs: cpuMs(),
    }) as Partial<HostCounters>;
  for (const side of sides) {
    const answer = await side.handle(cmd);
    if (answer !== undefined) return answer.value;
  }
  throw new FerryError('FERRY_BENCH_CHILD', `this host (${services}) does not handle ${cmd.cmd}`);
}

process.on('message', (m: { id: number; body: HostCommand }) => {
  handle(m.body).then(
    (value) => process.send?.({ id: m.id, value }),
    (err: unknown) => process.send?.({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));

const info: Partial<HostInfo> = Object.assign({}, ...sides.map((s) => s.info));
process.send?.({ ready: info });
