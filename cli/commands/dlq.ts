// `ferry dlq`: list and discard (dlq-list.ts, dlq-discard.ts) and `retry` (re-reads each record, writes it again).
import type { Command } from 'commander';
import { register as registerDiscard } from './dlq-discard.ts';
import { register as registerList } from './dlq-list.ts';
import { drivePass } from './drive-pass.ts';
import { logFormat, openSession, withSessionOptions, type SessionFlags } from './runtime-session.ts';

interface DlqFlags extends SessionFlags {
  readonly flow?: string;
}

export function register(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('dead-letter queue: records that could not be written, with the reason');
  registerList(dlq);
  registerDiscard(dlq);
  withSessionOptions(
    dlq
      .command('retry')
      .description(
        're-process dead letters from the current source record (fixed ones are removed, others stay with attempts + 1)',
      ),
  )
    .option('--flow <name>', 'only this flow')
    .option('--no-compile', 'do not compile a stale bundle')
    .action(async (flags: DlqFlags, cmd: Command) => {
      const s = await openSession(cmd, flags);
      if (s === null) return;
      await drivePass(cmd, s, logFormat(flags) === 'json', ({ signal }) =>
        s.rt.retryDeadLetters({ ...(flags.flow ? { flows: [flags.flow] } : {}), signal }),
      );
    });
}
