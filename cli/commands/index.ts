// Every `ferry` command, one line each: a module exporting `register(program)`.
import type { Command } from 'commander';
import * as validate from './validate.ts';
import * as compile from './compile.ts';
import * as start from './start.ts';
import * as init from './init.ts';
import * as sandbox from './sandbox.ts';
import * as run from './run.ts';
import * as plan from './plan.ts';
import * as status from './status.ts';
import * as replay from './replay.ts';
import * as dlq from './dlq.ts';
import * as metadata from './metadata.ts';
import * as serve from './serve.ts';
import * as history from './history.ts';
import * as trace from './trace.ts';
import * as doctor from './doctor.ts';
import * as provision from './provision.ts';

export interface CommandModule {
  register(program: Command): void;
}

export const COMMANDS: readonly CommandModule[] = [
  validate,
  compile,
  start,
  init,
  sandbox,
  run,
  plan,
  status,
  replay,
  dlq,
  metadata,
  serve,
  history,
  trace,
  doctor,
  provision,
];
