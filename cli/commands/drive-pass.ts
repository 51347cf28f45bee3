// One way to drive a sync pass from the CLI: progress bars, Ctrl-C cancellation, report, exit code, cleanup.
import type { Command } from 'commander';
import type { ProgressEvent, RunReport } from '../../runtime/index.ts';
import { setExitCode } from '../context.ts';
import { printRunReport, progressBars } from '../run-output.ts';
import {
  abortOnSignals,
  EXIT,
  exitCodeForError,
  exitCodeForReport,
  type Session,
} from './runtime-session.ts';

export interface PassHooks {
  readonly signal: AbortSignal;
  readonly onProgress?: (e: ProgressEvent) => void;
}

/** Runs `pass`, prints its report (unless `print` is false), sets the exit code and closes the session. */
export async function drivePass(
  cmd: Command,
  s: Session,
  json: boolean,
  pass: (hooks: PassHooks) => Promise<RunReport | null>,
  print = true,
): Promise<void> {
  const { signal, dispose } = abortOnSignals();
  const bars = progressBars(!json, s.logger);
  try {
    const report = await pass({ signal, ...(bars.onProgress ? { onProgress: bars.onProgress } : {}) });
    bars.stop();
    if (report !== null && print) printRunReport(s.io, report, json);
    setExitCode(cmd, report === null ? EXIT.ok : exitCodeForReport(report));
  } catch (err) {
    bars.stop();
    s.io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    setExitCode(cmd, exitCodeForError(err));
  } finally {
    bars.stop();
    dispose();
    await s.rt.close();
  }
}
