// `ferry` entry: builds the commander program from cli/commands and maps outcomes to exit codes.
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { attach, exitCodeOf, processIo } from './context.ts';
import type { CliIo } from './context.ts';

const VERSION = '0.1.0';

/** Runs the CLI; returns the exit code (0 ok, 1 invalid input or failure, 2 usage error). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command('ferry')
    .description('compile and run Dynamics 365 <-> Adobe Campaign Standard mappings')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run ferry --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  attach(program, io);
  for (const command of COMMANDS) command.register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version end through exitOverride too, with exit code 0
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  return exitCodeOf(program);
}
