// The life of a `ferry serve` process: open tenants, listen, run until SIGTERM/SIGINT, then stop within 10 s.
import type { Command } from 'commander';
import { Service } from '../../runtime/service/service.ts';
import { ioOf, setExitCode } from '../context.ts';
import { EXIT, exitCodeForError } from './runtime-session.ts';
import { openTenants } from './serve-open.ts';
import { listen, serviceRoutes, type Route } from '../serve/server.ts';
import { alertsOnPass, statusPageRoute } from './serve-extras.ts';

export interface ServeFlags {
  readonly tenant?: string[];
  readonly root: string;
  readonly log?: string;
  readonly compile?: boolean;
  readonly listen: string;
  readonly flow?: string[];
  readonly interval?: string;
}

/** In-flight work gets this long after SIGTERM; then the process exits anyway (systemd's default stop timeout is 90 s, ours 10 s). */
export const STOP_GRACE_MS = 9000;

export async function runService(
  cmd: Command,
  names: readonly string[],
  flags: ServeFlags,
  extraRoutes: readonly Route[] = [],
): Promise<void> {
  const opened = await openTenants(cmd, names, {
    root: flags.root,
    ...(flags.log !== undefined ? { log: flags.log } : {}),
    ...(flags.compile !== undefined ? { compile: flags.compile } : {}),
  });
  if (opened === null) return;
  const log = opened.sessions[0]?.logger;
  if (log === undefined) return;
  let svc: Service | undefined;
  // Alerts look up a flow's schedule through the service built just below (passes start only after start()).
  const onPass = await alertsOnPass(
    opened.sessions,
    (tenant, flow) => svc?.loops.find((l) => l.name === tenant)?.slots.get(flow)?.schedule,
  );
  try {
    svc = new Service({
      tenants: opened.tenants,
      log,
      onPass,
      ...(flags.flow ? { flows: flags.flow } : {}),
      ...(flags.interval ? { interval: flags.interval } : {}),
    });
  } catch (err) {
    // An unknown --flow or an unusable schedule: nothing ran yet.
    for (const t of opened.tenants) await t.rt.close().finally(() => t.release?.());
    return fail(cmd, err);
  }
  let server;
  try {
    server = await listen(flags.listen, [
      ...serviceRoutes(svc),
      ...extraRoutes,
      statusPageRoute(svc, opened.sessions),
    ]);
  } catch (err) {
    await svc.stop();
    return fail(cmd, err);
  }
  log.info({ url: server.url, tenants: names, pid: process.pid }, 'ferry serve listening');
  let hardStop: NodeJS.Timeout | undefined;
  const stop = (signal: string): void => {
    if (svc.stopping) return;
    log.info({ signal }, 'stopping: no new work; in-flight flows finish their current step');
    hardStop = setTimeout(() => {
      log.error({ graceMs: STOP_GRACE_MS }, 'in-flight work did not stop in time; exiting');
      process.exit(EXIT.failed);
    }, STOP_GRACE_MS);
    hardStop.unref();
    void svc.stop();
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  try {
    await svc.start();
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    await server.close();
    clearTimeout(hardStop);
  }
  log.info({}, 'ferry serve stopped');
  setExitCode(cmd, EXIT.ok);
}

function fail(cmd: Command, err: unknown): void {
  ioOf(cmd).err(`error: ${err instanceof Error ? err.message : String(err)}`);
  setExitCode(cmd, exitCodeForError(err));
}
