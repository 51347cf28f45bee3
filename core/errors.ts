// One error hierarchy for the runtime: stable codes, `cause` chained, never thrown strings.
export class FerryError extends Error {
  /** Stable machine-readable code, e.g. `FERRY_HTTP_STATUS`. */
  readonly code: string;
  /** Extra context for logs; must never contain secrets. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    opts: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = opts.details ?? {};
  }
}

/** Configuration or tenant-file problem: fix the input and run again. */
export class ConfigError extends FerryError {}

/** Secret could not be read (never carries the secret value). */
export class SecretError extends ConfigError {}

/** Live metadata differs from the bundle's fingerprint. */
export class DriftError extends FerryError {}

/** An HTTP call failed; `status` is undefined for network errors. */
export class HttpError extends FerryError {
  readonly status: number | undefined;
  readonly retryable: boolean;
  constructor(
    code: string,
    message: string,
    opts: { status?: number; retryable: boolean; cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(code, message, opts);
    this.status = opts.status;
    this.retryable = opts.retryable;
  }
}

/** Authentication failed (token endpoint error or repeated 401). */
export class AuthError extends HttpError {}

/** One record cannot be written; it goes to the dead-letter queue with this reason. */
export class RecordError extends FerryError {}

/** The state store failed or was fenced off by another worker. */
export class StateError extends FerryError {}

/** A mapping transform threw on a record (bad data): dead-lettered, never crashes the flow. */
export class TransformError extends RecordError {}
