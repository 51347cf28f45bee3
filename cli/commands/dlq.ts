// `ferry dlq list` (state store only, no secrets) and `ferry dlq retry` (re-processes dead letters through the APIs).
import type { Command } from 'commander';
import { register as registerDiscard } from './dlq-discard.ts';
import { drivePass } from './drive-pass.ts';
import {
  EXIT,
  logFormat,
  openSession,
  withSession,
  withSessionOptions,
  type SessionFlags,
} from './runtime-session.ts';

interface DlqFlags extends SessionFlags {
  readonly flow?: string;
  readonly json?: boolean;
  readonly discarded?: boolean;
}

export function register(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('dead-letter queue: records that could not be written, with the reason');
  withSessionOptions(dlq.command('list').description('list dead letters'))
    .option('--flow <name>', 'only this flow')
    .option('--json', 'machine-readable output')
    .option('--discarded', 'list the discarded letters instead, with who discarded them and why')
    .action(async (flags: DlqFlags, cmd: Command) => {
      const s = await openSession(cmd, flags, { apis: false, readOnly: true });
      if (s === null) return;
      await withSession(cmd, s, async () => {
        const letters = await s.rt.engine.deadLetters(flags.flow, { discarded: flags.discarded === true });
        if (flags.json === true) s.io.out(JSON.stringify(letters, null, 2));
        else {
          for (const d of letters)
            s.io.out(
              `${d.id}\t${d.flow}\t${d.sourceId}\tattempts ${d.attempts}\t${d.lastAttemptAt}\t${d.reason}` +
                (d.discarded === null
                  ? ''
                  : `\tdiscarded ${d.discarded.at} by ${d.discarded.by}: ${d.discarded.note}`),
            );
          s.io.out(`${letters.length} dead letter${letters.length === 1 ? '' : 's'}`);
        }
        return EXIT.ok;
      });
    });
  registerDiscard(dlq);
  withSessionOptions(
    dlq
      .command('retry')
      .description('re-process dead letters (fixed ones are removed, others stay with attempts + 1)'),
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
