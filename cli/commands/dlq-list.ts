// `ferry dlq list`: state store only (no secrets); filters, a limit, a header, and quiet when piped into `head`.
import type { Command } from 'commander';
import type { DeadLetter, DeadLetterQuery } from '../../runtime/state/port.ts';
import { ioOf, setExitCode } from '../context.ts';
import { EXIT, openSession, withSession, withSessionOptions, type SessionFlags } from './runtime-session.ts';

interface ListFlags extends SessionFlags {
  readonly flow?: string;
  readonly reason?: string;
  readonly retrying?: boolean;
  readonly attention?: boolean;
  readonly limit?: string;
  readonly json?: boolean;
  readonly discarded?: boolean;
}

const HEADER = ['ID', 'FLOW', 'SOURCE ID', 'CODE', 'ATTEMPTS', 'NEXT RETRY', 'LAST ATTEMPT', 'REASON'];

/** A reader that closed the pipe (`| head`) ends the listing quietly instead of crashing on EPIPE. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exitCode = 0;
  });
}

function line(d: DeadLetter): string {
  const cells = [
    String(d.id),
    d.flow,
    d.sourceId,
    d.code ?? '-',
    String(d.attempts),
    d.nextRetryAt ?? 'needs attention',
    d.lastAttemptAt,
    d.reason,
  ];
  if (d.discarded !== null)
    cells.push(`discarded ${d.discarded.at} by ${d.discarded.by}: ${d.discarded.note}`);
  return cells.join('\t');
}

export function register(dlq: Command): void {
  withSessionOptions(dlq.command('list').description('list dead letters'))
    .option('--flow <name>', 'only this flow')
    .option('--reason <code>', 'only letters with this error code (e.g. FERRY_PARENT_MISSING)')
    .option('--retrying', 'only letters ferry retries by itself (with their next retry time)')
    .option('--attention', 'only letters that need an operator (no automatic retry)')
    .option('--limit <n>', 'at most n letters')
    .option('--json', 'machine-readable output')
    .option('--discarded', 'list the discarded letters instead, with who discarded them and why')
    .action(async (flags: ListFlags, cmd: Command) => {
      const limit = flags.limit === undefined ? undefined : Number(flags.limit);
      if (
        (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) ||
        (flags.retrying && flags.attention)
      ) {
        ioOf(cmd).err('error: --limit takes a whole number; --retrying and --attention exclude each other');
        return setExitCode(cmd, EXIT.usage);
      }
      if (!process.stdout.isTTY) quietOnClosedPipe();
      const s = await openSession(cmd, flags, { apis: false, readOnly: true });
      if (s === null) return;
      await withSession(cmd, s, async () => {
        const state: DeadLetterQuery['state'] = flags.retrying
          ? 'retrying'
          : flags.attention
            ? 'attention'
            : undefined;
        const q = { discarded: flags.discarded === true, code: flags.reason, state };
        const letters = await s.rt.engine.deadLetters(flags.flow, { ...q, limit });
        if (flags.json === true) {
          s.io.out(JSON.stringify(letters, null, 2));
          return EXIT.ok;
        }
        s.io.out(HEADER.join('\t'));
        for (const d of letters) s.io.out(line(d));
        const total =
          limit === undefined ? letters.length : (await s.rt.engine.deadLetters(flags.flow, q)).length;
        const shown = total === letters.length ? '' : ` (${letters.length} shown)`;
        s.io.out(`${total} dead letter${total === 1 ? '' : 's'}${shown}`);
        return EXIT.ok;
      });
    });
}
