// `ferry run`: sync once or follow; compiles first when the bundle is stale.
import type { Command } from 'commander';
import path from 'node:path';
import { DEFAULT_INTERVAL, followInterval, parseInterval } from '../../runtime/engine/follow.ts';
import { defaultStateUrl } from '../../runtime/state/default-url.ts';
import { assertStateFree, lockFileOf } from '../../runtime/service/state-lock.ts';
import { drivePass } from './drive-pass.ts';
import { setExitCode } from '../context.ts';
import { alertsAfterPass } from './run-alerts.ts';
import {
  EXIT,
  exitCodeForError,
  logFormat,
  openSession,
  withSessionOptions,
  type SessionFlags,
} from './runtime-session.ts';

interface RunFlags extends SessionFlags {
  readonly flow?: string[];
  readonly once?: boolean;
  readonly follow?: boolean;
  readonly interval?: string;
  readonly resetPosition?: string;
}

export function register(program: Command): void {
  withSessionOptions(
    program.command('run').description('sync the tenant: contacts, custom entities, email events, opt-outs'),
  )
    .option('--flow <name...>', 'only these flows (parents are not added automatically)')
    .option('--once', 'one pass, then exit (default)')
    .option('--follow', 'keep syncing until interrupted')
    .option(
      '--interval <duration>',
      `pause between passes with --follow (e.g. 30s, 5m; default: tenant schedule.interval or ${DEFAULT_INTERVAL})`,
    )
    .option(
      '--reset-position <where>',
      'events flows: restart the journal at oldest | latest (after an expired position)',
    )
    .option('--no-compile', 'do not compile a stale bundle')
    .action(async (flags: RunFlags, cmd: Command) => {
      if (flags.once === true && flags.follow === true)
        return usage(cmd, '--once and --follow are exclusive');
      if (flags.interval !== undefined && !((parseInterval(flags.interval) ?? 0) > 0))
        return usage(cmd, `--interval ${flags.interval}: use e.g. 30s, 5m, 1h`);
      const reset = flags.resetPosition;
      if (reset !== undefined && reset !== 'oldest' && reset !== 'latest')
        return usage(cmd, '--reset-position must be oldest or latest');
      const resetPosition: 'oldest' | 'latest' | undefined = reset;
      const s = await openSession(cmd, flags);
      if (s === null) return;
      try {
        // A running `ferry serve` owns a SQLite state file: a run beside it is refused.
        assertStateFree(lockFileOf(defaultStateUrl(s.tenant), path.join(s.root, 'tenants', flags.tenant)));
      } catch (err) {
        await s.rt.close();
        s.io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
        return setExitCode(cmd, exitCodeForError(err));
      }
      const intervalText = followInterval(flags.interval, s.tenant.schedule?.interval);
      const intervalMs = parseInterval(intervalText);
      if (intervalMs === null || intervalMs <= 0) {
        await s.rt.close();
        return usage(cmd, `schedule.interval ${intervalText}: use e.g. 30s, 5m, 1h`);
      }
      const json = logFormat(flags) === 'json';
      const base = {
        mode: 'incremental' as const,
        ...(flags.flow ? { flows: flags.flow } : {}),
        ...(resetPosition !== undefined ? { resetPosition } : {}),
      };
      const follow = flags.follow === true;
      const alert = await alertsAfterPass(s, intervalMs);
      await drivePass(
        cmd,
        s,
        json,
        (hooks) =>
          follow
            ? s.rt.follow({
                ...base,
                ...hooks,
                intervalMs,
                onRun: (r) => {
                  if (json) s.io.out(JSON.stringify(r));
                  void alert?.(r);
                },
              })
            : s.rt.runOnce({ ...base, ...hooks }).then(async (r) => {
                await alert?.(r);
                return r;
              }),
        !(follow && json),
      );
    });
}

function usage(cmd: Command, message: string): void {
  cmd.error(`error: ${message}`, { exitCode: EXIT.usage, code: 'ferry.usage' });
}
