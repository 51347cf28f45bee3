// Run output: live progress bars on a terminal, then one summary line per flow (or JSON).
import cliProgress from 'cli-progress';
import { COUNT_KEYS } from '../runtime/engine/counts.ts';
import type { ProgressEvent, RunReport } from '../runtime/index.ts';
import type { Logger } from '../runtime/log.ts';
import type { CliIo } from './context.ts';

// The summary table's columns are the engine's counters, in the engine's order.
const COLS = COUNT_KEYS;
const red = (io: CliIo, s: string) => (io.color ? `\u001b[31m${s}\u001b[0m` : s);
const green = (io: CliIo, s: string) => (io.color ? `\u001b[32m${s}\u001b[0m` : s);

export interface Progress {
  readonly onProgress: ((e: ProgressEvent) => void) | undefined;
  stop(): void;
}

/** Progress bars only on a TTY (and not with --log json); otherwise the log carries progress (every 5 s per flow). */
export function progressBars(enabled: boolean, logger?: Logger): Progress {
  if (!enabled || process.stderr.isTTY !== true)
    return logger === undefined ? { onProgress: undefined, stop() {} } : progressLog(logger);
  const multi = new cliProgress.MultiBar(
    {
      format: '{flow} {phase} read {read} +{created} ~{updated} ={unchanged} -{deleted} !{deadLettered}',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  process.stderr.write('+ created  ~ updated  = unchanged  - deleted  ! dead-lettered\n');
  return {
    onProgress(e) {
      const payload = { flow: e.flow.padEnd(16), phase: e.phase.padEnd(12), ...e.counts };
      const bar = bars.get(e.flow) ?? multi.create(0, 0, payload);
      bars.set(e.flow, bar);
      bar.update(e.counts['read'] ?? 0, payload);
    },
    stop: () => multi.stop(),
  };
}

function progressLog(logger: Logger): Progress {
  const last = new Map<string, number>();
  return {
    onProgress(e) {
      const now = Date.now();
      if (now - (last.get(e.flow) ?? 0) < 5000) return;
      last.set(e.flow, now);
      logger.info({ flow: e.flow, phase: e.phase, counts: e.counts }, 'progress');
    },
    stop() {},
  };
}

export function printRunReport(io: CliIo, report: RunReport, json: boolean): void {
  if (json) {
    io.out(JSON.stringify(report));
    return;
  }
  const rows = report.flows.map((f) => [f.flow, f.outcome, ...COLS.map((c) => String(f.counts[c] ?? 0))]);
  const header = ['flow', 'outcome', ...COLS];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  io.out(line(header));
  for (const [i, r] of rows.entries()) {
    const f = report.flows[i];
    const text = line(r);
    io.out(f?.outcome === 'failed' || (f?.counts['deadLettered'] ?? 0) > 0 ? red(io, text) : text);
    if (f?.error) io.out(red(io, `  ${f.error}`));
    if (f?.paused)
      io.out(
        `  paused by ${f.paused.actor} at ${f.paused.at}${f.paused.why ? `: ${f.paused.why}` : ''} (resume it on the status page)`,
      );
    const reasons = Object.entries(f?.counts ?? {}).filter(([k, n]) => k.includes(':') && n > 0);
    if (reasons.length > 0) io.out(`  ${reasons.map(([k, n]) => `${k} ${n}`).join(' · ')}`);
  }
  io.out(
    report.ok
      ? green(io, 'ok')
      : red(io, 'some records were dead-lettered or a flow failed (ferry status, ferry dlq list)'),
  );
}
