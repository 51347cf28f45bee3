// `ferry history`: the run history of a tenant's flows (runs, replays, dead-letter retries and discards), newest
// first, with counts, duration and errors. State store only: no secrets.
import type { Command } from 'commander';
import { runHistory, sqlOf, type RunRow } from '../../runtime/read/index.ts';
import { setExitCode, ioOf, type CliIo } from '../context.ts';
import { EXIT, openSession, withSession, withSessionOptions, type SessionFlags } from './runtime-session.ts';

interface HistoryFlags extends SessionFlags {
  readonly flow?: string;
  readonly limit: string;
  readonly failed?: boolean;
  readonly json?: boolean;
}

const red = (io: CliIo, s: string) => (io.color ? `\u001b[31m${s}\u001b[0m` : s);

export function register(program: Command): void {
  withSessionOptions(program.command('history').description('run history: runs with their counts and errors'))
    .option('--flow <name>', 'only this flow')
    .option('--limit <n>', 'how many runs (newest first, at most 500)', '20')
    .option('--failed', 'only runs that ended with an error')
    .option('--json', 'machine-readable output')
    .action(async (flags: HistoryFlags, cmd: Command) => {
      const limit = Number(flags.limit);
      if (!Number.isSafeInteger(limit) || limit < 1) {
        ioOf(cmd).err(`error: --limit takes a positive number: ${flags.limit}`);
        return setExitCode(cmd, EXIT.usage);
      }
      const s = await openSession(cmd, flags, { apis: false, readOnly: true });
      if (s === null) return;
      await withSession(cmd, s, async () => {
        if (flags.flow !== undefined) s.rt.engine.select([flags.flow]); // an unknown flow is a usage error
        const page = await runHistory(sqlOf(s.rt.state), {
          flow: flags.flow,
          limit,
          failed: flags.failed === true,
        });
        if (flags.json === true) s.io.out(JSON.stringify(page.rows, null, 2));
        else printHistory(s.io, page.rows, page.total);
        return EXIT.ok;
      });
    });
}

const countText = (c: Readonly<Record<string, number>>): string =>
  Object.entries(c)
    .filter(([k, n]) => n > 0 && !k.includes(':') && k !== 'durationMs')
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'nothing';

function printHistory(io: CliIo, runs: readonly RunRow[], total: number): void {
  for (const r of runs) {
    const took = r.seconds === null ? 'running' : `${r.seconds.toFixed(1)} s`;
    io.out(`${r.id}\t${r.flow}\t${r.mode}\t${r.startedAt}\t${took}\t${countText(r.counts)}`);
    if (r.error !== null) io.out(red(io, `\t${r.error}`));
  }
  io.out(`${runs.length} of ${total} run${total === 1 ? '' : 's'}`);
}
