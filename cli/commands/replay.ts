// `ferry replay --flow NAME`: re-send every row (createOnly fields included); Ctrl-C cancels it.
import type { Command } from 'commander';
import { drivePass } from './drive-pass.ts';
import { logFormat, openSession, withSessionOptions, type SessionFlags } from './runtime-session.ts';

interface ReplayFlags extends SessionFlags {
  readonly flow: string[];
}

export function register(program: Command): void {
  withSessionOptions(
    program.command('replay').description('re-send all rows of a mapping (cancellable with Ctrl-C)'),
  )
    .requiredOption('--flow <name...>', 'flow(s) to replay')
    .option('--no-compile', 'do not compile a stale bundle')
    .action(async (flags: ReplayFlags, cmd: Command) => {
      const s = await openSession(cmd, flags);
      if (s === null) return;
      await drivePass(cmd, s, logFormat(flags) === 'json', (hooks) =>
        s.rt.runOnce({ mode: 'replay', flows: flags.flow, ...hooks }),
      );
    });
}
