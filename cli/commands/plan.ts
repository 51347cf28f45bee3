// `ferry plan`: dry run per flow (counts + samples), writing nothing.
import type { Command } from 'commander';
import { EXIT, openSession, withSession, withSessionOptions, type SessionFlags } from './runtime-session.ts';

/** The per-field before → after of an update sample, or null for any other detail. */
function fieldChanges(detail: unknown): [string, { before: unknown; after: unknown }][] | null {
  if (detail === null || typeof detail !== 'object' || !('changes' in detail)) return null;
  return Object.entries((detail as { changes: Record<string, { before: unknown; after: unknown }> }).changes);
}

interface PlanFlags extends SessionFlags {
  readonly flow?: string[];
  readonly json?: boolean;
  readonly samples: string;
}

export function register(program: Command): void {
  withSessionOptions(
    program
      .command('plan')
      .description('dry run: what the next run would create, update, delete, leave unchanged or reject'),
  )
    .option('--flow <name...>', 'only these flows')
    .option('--samples <n>', 'sample records per category', '5')
    .option('--json', 'machine-readable output')
    .option('--no-compile', 'do not compile a stale bundle')
    .action(async (flags: PlanFlags, cmd: Command) => {
      const s = await openSession(cmd, flags);
      if (s === null) return;
      const { PLAN_KINDS } = await import('../../runtime/engine/plan.ts'); // on demand: fast start-up
      await withSession(cmd, s, async () => {
        const plans = await s.rt.plan({
          ...(flags.flow ? { flows: flags.flow } : {}),
          samples: Math.max(0, Number(flags.samples) || 0),
        });
        if (flags.json === true) s.io.out(JSON.stringify(plans, null, 2));
        else
          for (const p of plans) {
            s.io.out(`${p.flow} (${p.kind}): ${p.read}`);
            s.io.out(`  ${PLAN_KINDS.map((k) => `${k} ${p.counts[k] ?? 0}`).join(' · ')}`);
            for (const k of PLAN_KINDS)
              for (const sample of p.samples[k]) {
                const changes = fieldChanges(sample.detail);
                s.io.out(
                  `    ${k.padEnd(9)} ${sample.sourceId}${sample.detail === null || changes !== null ? '' : ` ${JSON.stringify(sample.detail)}`}`,
                );
                // Updates: one line per field, what Campaign has → what would be sent.
                for (const [field, c] of changes ?? [])
                  s.io.out(`      ${field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
              }
          }
        return EXIT.ok;
      });
    });
}
