// Per-invocation CLI state kept beside the commander program: output streams and exit code.
import type { Command } from 'commander';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Colour only when stdout is a terminal. */
  readonly color: boolean;
}

export const processIo = (): CliIo => ({
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  color: process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined,
});

interface State {
  readonly io: CliIo;
  exitCode: number;
}
const states = new WeakMap<Command, State>();

const rootOf = (cmd: Command): Command => {
  let current = cmd;
  while (current.parent) current = current.parent;
  return current;
};

export function attach(program: Command, io: CliIo): void {
  states.set(program, { io, exitCode: 0 });
}

const stateOf = (cmd: Command): State => {
  const state = states.get(rootOf(cmd));
  if (!state)
    throw new TypeError('CLI state missing: commands must be registered on a program created by main()');
  return state;
};

export const ioOf = (cmd: Command): CliIo => stateOf(cmd).io;

/** Exit codes: 0 success, 1 the input is invalid / the operation failed, 2 usage error. */
export function setExitCode(cmd: Command, code: number): void {
  stateOf(cmd).exitCode = code;
}

export const exitCodeOf = (program: Command): number => states.get(program)?.exitCode ?? 0;
