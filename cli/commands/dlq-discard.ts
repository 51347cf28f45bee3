// `ferry dlq discard`: give up on dead letters (by id, by reason code, or all), recorded with who and why.
import os from 'node:os';
import type { Command } from 'commander';
import { ioOf, setExitCode } from '../context.ts';
import { EXIT, openSession, withSession, withSessionOptions, type SessionFlags } from './runtime-session.ts';

interface DiscardFlags extends SessionFlags {
  readonly flow?: string;
  readonly id?: readonly string[];
  readonly reason?: string;
  readonly all?: boolean;
  readonly note?: string;
  readonly by?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
}

/** The selection the flags ask for, or what is wrong with them. */
function selection(
  f: DiscardFlags,
): { ids?: number[]; code?: string; all?: boolean; bulk: boolean } | { error: string } {
  const given = [f.id !== undefined, f.reason !== undefined, f.all === true].filter(Boolean).length;
  if (given !== 1) return { error: 'give exactly one of --id, --reason or --all' };
  if (f.note === undefined || f.note.trim() === '') return { error: '--note is required: say why' };
  if (f.id !== undefined) {
    const ids = f.id.map(Number);
    if (ids.some((n) => !Number.isSafeInteger(n) || n <= 0))
      return { error: `--id takes dead-letter ids (numbers, see ferry dlq list): ${f.id.join(' ')}` };
    return { ids, bulk: false };
  }
  // Bulk discards need --yes: they may hide many records nobody looked at.
  if (f.reason !== undefined) return { code: f.reason, bulk: true };
  return { all: true, bulk: true };
}

export function register(dlq: Command): void {
  withSessionOptions(
    dlq
      .command('discard')
      .description(
        'discard dead letters: they stop counting in ferry status and are not retried; kept with who and why',
      ),
  )
    .option('--id <n...>', 'dead-letter ids (from ferry dlq list)')
    .option('--reason <code>', 'every dead letter with this error code (e.g. FERRY_PARENT_MISSING)')
    .option('--all', 'every dead letter (of --flow when given)')
    .option('--flow <name>', 'only this flow')
    .option('--note <why>', 'why they are discarded (required, recorded)')
    .option('--by <who>', 'who discards them (recorded; default: the OS user)')
    .option('--yes', 'confirm a bulk discard (--reason, --all)')
    .option('--json', 'machine-readable output')
    .action(async (flags: DiscardFlags, cmd: Command) => {
      const io = ioOf(cmd);
      const sel = selection(flags);
      if ('error' in sel) {
        io.err(`error: ${sel.error}`);
        return setExitCode(cmd, EXIT.usage);
      }
      const s = await openSession(cmd, flags, { apis: false, readOnly: true });
      if (s === null) return;
      await withSession(cmd, s, async () => {
        const filter = { ...(flags.flow !== undefined ? { flow: flags.flow } : {}) };
        if (sel.bulk && flags.yes !== true) {
          const live = await s.rt.engine.deadLetters(flags.flow);
          const n = sel.all === true ? live.length : live.filter((d) => d.code === sel.code).length;
          s.io.err(`error: this would discard ${n} dead letter(s); add --yes to confirm`);
          return EXIT.usage;
        }
        const by = flags.by ?? process.env['USER'] ?? os.userInfo().username;
        const { bulk: _bulk, ...which } = sel;
        const done = await s.rt.engine.discardDeadLetters({ ...filter, ...which }, by, flags.note ?? '');
        if (flags.json === true) s.io.out(JSON.stringify(done, null, 2));
        else {
          for (const d of done) s.io.out(`${d.id}\t${d.flow}\t${d.sourceId}\t${d.code ?? ''}`);
          s.io.out(`${done.length} dead letter${done.length === 1 ? '' : 's'} discarded by ${by}`);
        }
        // Ids that were not live dead letters: say so, so a typo is not taken for success.
        const missing = (sel.ids ?? []).filter((id) => !done.some((d) => d.id === id));
        if (missing.length > 0)
          s.io.err(`not live dead letters (unknown or already discarded): ${missing.join(' ')}`);
        return missing.length > 0 ? EXIT.failed : EXIT.ok;
      });
    });
}
