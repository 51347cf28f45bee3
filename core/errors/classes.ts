// One error hierarchy: stable registered codes, `cause` chained, never thrown strings. Each class accepts only
// the codes registered for it, so the class and the registry's exit code and record-level flag cannot disagree.
import type { CodeOf, ErrorCode } from './registry.ts';
import { ERRORS } from './registry.ts';
import { scrub } from './scrub.ts';
import { classifyStatus, isTransientNetwork } from './wire.ts';

export interface ErrorOptions {
  readonly cause?: unknown;
  /** Extra context for logs; must never contain secrets. */
  readonly details?: Record<string, unknown>;
}

export class FerryError extends Error {
  /** Stable machine-readable code, listed in docs/errors.md. */
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, opts: ErrorOptions = {}) {
    // Whatever a server echoed into the message, no known secret survives in it.
    super(scrub(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = opts.details ?? {};
  }
}

/** Configuration or tenant-file problem: fix the input and run again. */
export class ConfigError extends FerryError {
  constructor(code: CodeOf<'ConfigError' | 'SecretError'>, message: string, opts?: ErrorOptions) {
    super(code, message, opts);
  }
}

/** Secret could not be read (never carries the secret value). */
export class SecretError extends ConfigError {
  constructor(code: CodeOf<'SecretError'>, message: string, opts?: ErrorOptions) {
    super(code, message, opts);
  }
}

/** Live metadata differs from the bundle's fingerprint. */
export class DriftError extends FerryError {
  constructor(code: CodeOf<'DriftError'>, message: string, opts?: ErrorOptions) {
    super(code, message, opts);
  }
}

export interface HttpErrorOptions extends ErrorOptions {
  readonly status?: number;
}

/** An HTTP call failed; `status` is undefined for network errors. */
export class HttpError extends FerryError {
  readonly status: number | undefined;
  /** Worth another try at all (whether this request may be resent also depends on its idempotency). */
  readonly retryable: boolean;
  constructor(code: CodeOf<'HttpError' | 'AuthError'>, message: string, opts: HttpErrorOptions = {}) {
    super(code, message, opts);
    this.status = opts.status;
    const rule = ERRORS[code].retryable;
    this.retryable =
      rule === 'status'
        ? opts.status !== undefined && classifyStatus(opts.status).transient
        : rule === 'network'
          ? isTransientNetwork(String(this.details['code'] ?? ''))
          : rule;
  }
}

/** Authentication failed (token endpoint error or repeated 401). */
export class AuthError extends HttpError {
  constructor(code: CodeOf<'AuthError'>, message: string, opts?: HttpErrorOptions) {
    super(code, message, opts);
  }
}

/** One record cannot be written; it goes to the dead-letter queue with this reason. */
export class RecordError extends FerryError {
  constructor(code: CodeOf<'RecordError' | 'TransformError'>, message: string, opts?: ErrorOptions) {
    super(code, message, opts);
  }
}

/** A mapping transform threw on a record (bad data): dead-lettered, never crashes the flow. */
export class TransformError extends RecordError {
  constructor(code: CodeOf<'TransformError'>, message: string, opts?: ErrorOptions) {
    super(code, message, opts);
  }
}

/** The state store failed or was fenced off by another worker. */
export class StateError extends FerryError {
  constructor(code: CodeOf<'StateError'>, message: string, opts?: ErrorOptions) {
    super(code, message, opts);
  }
}
