// classify(): the one answer to "retry it? dead-letter the record or stop the flow? which exit code?"
import { FerryError, HttpError } from './classes.ts';
import type { ErrorCode, ExitName } from './registry.ts';
import { ERRORS, EXIT } from './registry.ts';
import type { StatusContext, StatusVerdict } from './wire.ts';
import { classifyStatus } from './wire.ts';

export interface Verdict {
  /** Null for an error that is not a FerryError (a bug). */
  readonly code: ErrorCode | null;
  /** Worth another try; a non-idempotent request is still only resent when the server did no work. */
  readonly retryable: boolean;
  /** The record's problem: dead-letter it and go on with the flow. */
  readonly recordLevel: boolean;
  readonly exit: ExitName;
}

const UNKNOWN: Verdict = { code: null, retryable: false, recordLevel: false, exit: 'failed' };

/** An error, or an HTTP status with its request (see wire.ts for the rules). */
export function classify(err: unknown): Verdict;
export function classify(status: number, ctx: StatusContext): StatusVerdict;
export function classify(subject: unknown, ctx?: StatusContext): Verdict | StatusVerdict {
  if (typeof subject === 'number') return classifyStatus(subject, ctx);
  if (!(subject instanceof FerryError)) return UNKNOWN;
  const spec = ERRORS[subject.code];
  const status = subject instanceof HttpError ? subject.status : undefined;
  return {
    code: subject.code,
    retryable: subject instanceof HttpError ? subject.retryable : spec.retryable === true,
    recordLevel:
      spec.recordLevel === 'status'
        ? status !== undefined && classifyStatus(status).recordLevel
        : spec.recordLevel,
    exit: spec.exit,
  };
}

/** The CLI exit code for an error that ended a command. */
export const exitCodeOf = (err: unknown): number => EXIT[classify(err).exit];

/** The CLI exit code for a recorded error code (run history, flow reports). */
export const exitCodeOfCode = (code: ErrorCode | null): number =>
  code === null ? EXIT.failed : EXIT[ERRORS[code].exit];
