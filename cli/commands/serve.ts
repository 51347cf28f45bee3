// `ferry serve`: one long-running process for one or more tenants, each flow on its schedule, one HTTP port.
import path from 'node:path';
import type { Command } from 'commander';
import { parseInterval } from '../../runtime/engine/interval.ts';
import { ioOf, setExitCode } from '../context.ts';
import { DEFAULT_LISTEN, parseListen } from '../serve/server.ts';
import { allTenants } from './serve-open.ts';
import type { ServeFlags } from './serve-run.ts';
import { EXIT } from './runtime-session.ts';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function register(program: Command): void {
  program
    .command('serve')
    .description('run tenants continuously: each flow on its schedule, with /metrics, /healthz and /readyz')
    .option(
      '-t, --tenant <name>',
      'a tenant folder under tenants/ (repeat for several; default all)',
      collect,
    )
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .option('--listen <host:port>', 'address of the HTTP port (metrics, health, readiness)', DEFAULT_LISTEN)
    .option('--flow <name...>', 'only these flows')
    .option(
      '--interval <duration>',
      'one interval for every flow, replacing the schedules of the tenant files',
    )
    .option(
      '--log <format>',
      'log format: json | pretty | quiet (default: pretty on a terminal, json otherwise)',
    )
    .option('--no-compile', 'do not compile a stale bundle at start')
    .action(async (flags: ServeFlags, cmd: Command) => {
      const usage = (message: string): void => {
        ioOf(cmd).err(`error: ${message}`);
        setExitCode(cmd, EXIT.usage);
      };
      if (parseListen(flags.listen) === null)
        return usage(`--listen ${flags.listen}: use host:port, e.g. ${DEFAULT_LISTEN}`);
      if (flags.interval !== undefined && !((parseInterval(flags.interval) ?? 0) > 0))
        return usage(`--interval ${flags.interval}: use e.g. 30s, 5m, 1h`);
      const names = flags.tenant ?? (await allTenants(path.resolve(flags.root)));
      if (names.length === 0) return usage(`no tenant found under ${path.resolve(flags.root, 'tenants')}`);
      // The service (runtime, connectors, state drivers) loads only when it runs: `ferry --help` stays fast.
      const { runService } = await import('./serve-run.ts');
      await runService(cmd, names, flags);
    });
}
