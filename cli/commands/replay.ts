// `ferry replay --flow NAME`: re-send every row (createOnly fields included, IN-7); Ctrl-C cancels it.
import type { Command } from 'commander';
import { setExitCode } from '../context.ts';
import { printRunReport, progressBars } from './run-output.ts';
import { abortOnSignals, exitCodeForError, exitCodeForReport, logFormat, openSession, withSessionOptions, type SessionFlags } from './runtime-session.ts';

interface ReplayFlags extends SessionFlags {
  readonly flow: string[];
}

export function register(program: Command): void {
  withSessionOptions(program.command('replay').description('re-send all rows of a mapping (cancellable with Ctrl-C)'))
    .requiredOption('--flow <name...>', 'flow(s) to replay')
    .option('--no-compile', 'do not compile a stale bundle')
    .action(async (flags: ReplayFlags, cmd: Command) => {
      const s = await openSession(cmd, flags);
      if (s === null) return;
      const { signal, dispose } = abortOnSignals();
      const json = logFormat(flags) === 'json';
      const bars = progressBars(!json, s.logger);
      try {
        const report = await s.rt.runOnce({ mode: 'replay', flows: flags.flow, signal, ...(bars.onProgress ? { onProgress: bars.onProgress } : {}) });
        bars.stop();
        printRunReport(s.io, report, json);
        setExitCode(cmd, exitCodeForReport(report));
      } catch (err) {
        bars.stop();
        s.io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
        setExitCode(cmd, exitCodeForError(err));
      } finally {
        bars.stop();
        dispose();
        await s.rt.close();
      }
    });
}
