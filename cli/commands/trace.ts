// `ferry trace <id>`: everything ferry did for one Dynamics id, Campaign key or event id: writes, dead letters,
// opt-out decisions, pending opt-outs, operator actions and the runs they happened in. State store only.
import type { Command } from 'commander';
import { sqlOf, traceRecord, type RecordTrace } from '../../runtime/read/index.ts';
import type { CliIo } from '../context.ts';
import { EXIT, openSession, withSession, withSessionOptions, type SessionFlags } from './runtime-session.ts';

interface TraceFlags extends SessionFlags {
  readonly json?: boolean;
}

export function register(program: Command): void {
  withSessionOptions(
    program
      .command('trace <id>')
      .description('what ferry did for one record: a Dynamics id, a Campaign key or an event id'),
  )
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: TraceFlags, cmd: Command) => {
      const s = await openSession(cmd, flags, { apis: false, readOnly: true });
      if (s === null) return;
      await withSession(cmd, s, async () => {
        const trace = await traceRecord(sqlOf(s.rt.state), id);
        if (flags.json === true) s.io.out(JSON.stringify(trace, null, 2));
        else printTrace(s.io, trace);
        return EXIT.ok;
      });
    });
}

function printTrace(io: CliIo, t: RecordTrace): void {
  const found =
    t.writes.length +
    t.uncommitted.length +
    t.deadLetters.length +
    t.optoutAudit.length +
    t.pendingOptouts.length +
    t.runs.length;
  if (found === 0) {
    io.out(`nothing recorded for ${t.query}`);
    return;
  }
  io.out(`${t.query}: ids ${t.sourceIds.join(', ')}`);
  for (const w of t.writes)
    io.out(
      `write\t${w.flow}\t${w.sourceId} → ${w.targetKey}\t${w.syncedAt}\t${w.createdByFerry ? 'created by ferry' : 'existing record'}${w.matched ? '' : '\tno longer matches the filter'}`,
    );
  for (const u of t.uncommitted)
    io.out(
      `sent, not committed\t${u.flow}\t${u.sourceId} → ${u.targetKey}\t${u.sentAt}\tthe flow's next run writes it again`,
    );
  for (const d of t.deadLetters)
    io.out(
      `dead letter ${d.id}\t${d.flow}\tattempts ${d.attempts}\t${d.lastAttemptAt}\t${d.reason}` +
        (d.discarded === null ? '' : `\tdiscarded by ${d.discarded.by}: ${d.discarded.note}`),
    );
  for (const a of t.optoutAudit)
    io.out(
      `opt-out\t${a.flow}\t${a.at}\t${a.pair}\t${a.decided ? `${a.winner} wins` : 'undecided'}: ${a.reason}`,
    );
  for (const p of t.pendingOptouts)
    io.out(
      `pending opt-out\t${p.flow}\t${p.side} ${p.field}=${p.value}\tattempts ${p.attempts}: ${p.reason}`,
    );
  for (const a of t.actions)
    io.out(`action\t${a.at}\t${a.actor} ${a.action} ${a.target ?? ''}\t${a.why ?? ''}\t${a.outcome}`);
  for (const r of t.runs)
    io.out(
      `run ${r.id}\t${r.flow}\t${r.mode}\t${r.startedAt} → ${r.endedAt ?? 'running'}${r.error ? `\t${r.error}` : ''}`,
    );
}
