// `ferry start` (what `npm start` runs): the sandbox sync end to end, then a check that both systems hold
// what the mappings say. See cli/start/ for the pieces.
import path from 'node:path';
import type { Command } from 'commander';
import { ioOf, setExitCode } from '../context.ts';
import { abortOnSignals } from './runtime-session.ts';

// Kept here for existing callers (test/frontend): the mapping summary `ferry start` prints after compiling.
export { summaryTable } from '../start/summary.ts';

interface Flags {
  readonly root: string;
  readonly contacts: string;
  readonly seed: string;
  readonly json?: boolean;
  readonly keep?: boolean;
}

export function register(program: Command): void {
  program
    .command('start')
    .description(
      'run the sandbox sync end to end against seeded emulators, change both sides, sync again, verify',
    )
    .option('--root <dir>', 'project root holding tenants/ and mappings/', '.')
    .option('--contacts <n>', 'Dynamics contacts to generate', '3000')
    .option('--seed <n>', 'seed of the generated data', '1')
    .option('--json', 'print the report as one JSON document on stdout')
    .option('--keep', 'keep the temp folder with the compiled bundle and the state file')
    .action(async (flags: Flags, cmd: Command) => {
      const io = ioOf(cmd);
      const contacts = Number(flags.contacts);
      const seed = Number(flags.seed);
      if (!Number.isInteger(contacts) || contacts < 10 || !Number.isInteger(seed) || seed < 0) {
        io.err('error: --contacts must be an integer ≥ 10 and --seed a non-negative integer');
        setExitCode(cmd, 2);
        return;
      }
      const { signal, dispose } = abortOnSignals();
      try {
        const { runStart } = await import('../start/demo.ts'); // loads the compiler and emulators on demand
        const code = await runStart(
          {
            root: path.resolve(flags.root),
            seed,
            contacts,
            json: flags.json === true,
            keep: flags.keep === true,
            signal,
          },
          io,
        );
        setExitCode(cmd, code);
      } finally {
        dispose();
      }
    });
}
