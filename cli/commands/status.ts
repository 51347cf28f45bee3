// `ferry status`: per flow status, backlog, last run, dead letters; pending opt-outs in red. State store only: no secrets.
// Read-only: a stale bundle is reported (exit 1) and read as compiled, never recompiled.
import type { Command } from 'commander';
import type { CliIo } from '../context.ts';
import type { FlowStatusReport } from '../../runtime/index.ts';
import { EXIT, openSession, withSession, withSessionOptions, type SessionFlags } from './runtime-session.ts';

interface StatusFlags extends SessionFlags {
  readonly json?: boolean;
}

const red = (io: CliIo, s: string) => (io.color ? `\u001b[31m${s}\u001b[0m` : s);

export function register(program: Command): void {
  withSessionOptions(
    program
      .command('status')
      .description('flow status, backlog, last run, dead letters and pending opt-outs'),
  )
    .option('--json', 'machine-readable output')
    .action(async (flags: StatusFlags, cmd: Command) => {
      const s = await openSession(cmd, flags, { apis: false, readOnly: true });
      if (s === null) return;
      await withSession(cmd, s, async () => {
        const report = await s.rt.status();
        if (flags.json === true) s.io.out(JSON.stringify(report, null, 2));
        else printStatus(s.io, report);
        // Non-zero when something needs attention (a stale bundle, a failed flow, an expired lease, dead letters
        // no automatic retry will clear, pending opt-outs), so monitors can alert on it. Letters ferry retries
        // by itself do not count.
        const attention =
          s.stale !== null ||
          report.some(
            (f) =>
              f.status === 'failed' ||
              f.status === 'expired' ||
              f.attention > 0 ||
              f.pendingOptouts.length > 0,
          );
        return attention ? EXIT.failed : EXIT.ok;
      });
    });
}

/** Holder, fence and expiry of the flow's lease; nothing when no worker holds it or ever held it. */
function leaseLine(f: FlowStatusReport): string | null {
  const l = f.lease;
  if (l === null || l.holder === null) return null;
  const at = new Date(l.expiresAt).toISOString();
  return l.expired
    ? `  lease of ${l.holder} (fence ${l.fence}) expired at ${at}: that worker stopped renewing it (crashed, paused or cut off); another worker takes the flow over`
    : `  lease held by ${l.holder}, fence ${l.fence}, expires ${at} unless renewed`;
}

export function printStatus(io: CliIo, flows: readonly FlowStatusReport[]): void {
  for (const f of flows) {
    const head = `${f.flow} (${f.kind}): ${f.status.toUpperCase()}  backlog ${f.backlog}  dead letters ${f.deadLetters} (retrying ${f.retrying}, needs attention ${f.attention})`;
    io.out(f.status === 'failed' || f.status === 'expired' ? red(io, head) : head);
    if (f.attention > 0)
      io.out(
        red(
          io,
          `  ${f.attention} dead letter(s) need attention: see ferry dlq list --flow ${f.flow} --attention, then dlq retry or dlq discard`,
        ),
      );
    if (f.detail !== null && f.status === 'failed') io.out(red(io, `  ${f.detail}`));
    if (f.paused !== null)
      io.out(
        `  paused by ${f.paused.actor} at ${f.paused.at}${f.paused.why !== null ? `: ${f.paused.why}` : ''}; runs skip it until it is resumed (status page)`,
      );
    const lease = leaseLine(f);
    if (lease !== null) io.out(f.status === 'expired' ? red(io, lease) : lease);
    const run = f.lastRun;
    if (run !== null) {
      const c = run.counts;
      io.out(
        `  last run ${run.mode} ${run.startedAt} → ${run.endedAt ?? 'running'}: read ${c['read'] ?? 0}, created ${c['created'] ?? 0}, updated ${c['updated'] ?? 0}, unchanged ${c['unchanged'] ?? 0}, deleted ${c['deleted'] ?? 0}, skipped ${c['skipped'] ?? 0}, dead-lettered ${c['deadLettered'] ?? 0}, engine calls ${c['engineCalls'] ?? 0}`,
      );
    } else io.out('  never run');
    if (f.pendingOptouts.length > 0) {
      io.out(
        red(
          io,
          `  ${f.pendingOptouts.length} pending opt-out(s) not yet written (retried first on the next run):`,
        ),
      );
      for (const p of f.pendingOptouts.slice(0, 20))
        io.out(
          red(io, `    ${p.side} ${p.sourceId} ${p.field}=${p.value} (attempts ${p.attempts}): ${p.reason}`),
        );
    }
  }
}
