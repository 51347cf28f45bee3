// Every runtime error code, once: its class, whether it may be retried, whether it is one record's problem,
// the CLI exit code it ends in, and the text docs/errors.md shows. An unknown code does not compile.

/** Process exit codes of the runtime commands. */
export const EXIT = { ok: 0, failed: 1, usage: 2, config: 3, drift: 4 } as const;
export type ExitName = 'failed' | 'config' | 'drift';

export type ErrorClassName =
  | 'FerryError'
  | 'ConfigError'
  | 'SecretError'
  | 'DriftError'
  | 'HttpError'
  | 'AuthError'
  | 'RecordError'
  | 'TransformError'
  | 'StateError';

export type ErrorArea = 'http' | 'auth' | 'config' | 'bundle' | 'state' | 'sync' | 'record' | 'tooling';

export interface ErrorSpec {
  readonly class: ErrorClassName;
  readonly area: ErrorArea;
  /** `status`: decided by the HTTP status; `network`: by the socket error (see wire.ts). */
  readonly retryable: boolean | 'status' | 'network';
  /** `status`: decided by the HTTP status (see wire.ts). */
  readonly recordLevel: boolean | 'status';
  readonly exit: ExitName;
  readonly summary: string;
  readonly hint?: string;
}

export const ERRORS = {
  FERRY_HTTP_STATUS: {
    class: 'HttpError',
    area: 'http',
    retryable: 'status',
    recordLevel: 'status',
    exit: 'failed',
    summary: 'An API answered with an error status.',
    hint: 'The message carries the API’s own text; 408, 429, 502, 503 and 504 were already retried.',
  },
  FERRY_HTTP_NETWORK: {
    class: 'HttpError',
    area: 'http',
    retryable: 'network',
    recordLevel: false,
    exit: 'failed',
    summary: 'The connection failed (reset, refused, timed out, name not resolved).',
    hint: 'Check the URL and the network; a request that may have been applied (POST) is never resent.',
  },
  FERRY_HTTP_FOREIGN_ORIGIN: {
    class: 'HttpError',
    area: 'http',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary:
      'A link (next page, delta link, record href, journal next) points to another origin than the service’s configured URL; nothing was sent.',
    hint: 'Credentials are only ever sent to the scheme, host and port of the configured URL. Check the URL in the tenant file; a stored delta link is replaced by the full re-read of `ferry replay`.',
  },
  FERRY_HTTP_URL_CREDENTIALS: {
    class: 'HttpError',
    area: 'http',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'A URL carries a user name or password (`https://user:pass@host`); it is refused.',
    hint: 'Secrets come from `{ env }` or `{ file }` references, never from URLs.',
  },
  FERRY_HTTP_INSECURE_URL: {
    class: 'ConfigError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary:
      'A service URL uses `http` on a host other than the loopback; credentials would travel in clear text.',
    hint: 'Use `https`; plain `http` is accepted only for `localhost`, `127.0.0.1` and `[::1]` (the sandbox).',
  },
  FERRY_HTTP_BAD_BODY: {
    class: 'HttpError',
    area: 'http',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'An API answer that should be JSON is not.',
  },
  FERRY_CAMPAIGN_BAD_BODY: {
    class: 'HttpError',
    area: 'http',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'A Campaign answer has no PKey or href.',
  },
  FERRY_JOURNAL_BAD_BODY: {
    class: 'HttpError',
    area: 'http',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'A journal event has no position.',
  },
  FERRY_AUTH_IMS_UNAVAILABLE: {
    class: 'HttpError',
    area: 'auth',
    retryable: true,
    recordLevel: false,
    exit: 'failed',
    summary: 'The Adobe IMS token endpoint is unavailable (5xx).',
    hint: 'Usually transient: run again later.',
  },
  FERRY_AUTH_NETWORK: {
    class: 'HttpError',
    area: 'auth',
    // A token request changes nothing on the server: asking again is always safe.
    retryable: true,
    recordLevel: false,
    exit: 'failed',
    summary:
      'A token endpoint (Microsoft Entra, Adobe IMS) could not be reached (refused, reset, timed out, name not resolved).',
    hint: 'Transient: the credentials were not judged. Check the network and the token URL; a supervisor (systemd `Restart=on-failure`) restarts on this exit code.',
  },
  FERRY_AUTH_REJECTED: {
    class: 'AuthError',
    area: 'auth',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'The API answered 401 even with a freshly fetched token.',
    hint: 'The credential is valid for the token endpoint but not for this API: check the application user or API key.',
  },
  FERRY_AUTH_CAMPAIGN: {
    class: 'AuthError',
    area: 'auth',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'Campaign refused the token or the API key (401/403).',
    hint: 'Check the API key and the product profile of the technical account.',
  },
  FERRY_AUTH_DYNAMICS: {
    class: 'AuthError',
    area: 'auth',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'Microsoft Entra refused the Dynamics token request.',
    hint: 'Check tenant id, client id and client secret.',
  },
  FERRY_AUTH_IMS: {
    class: 'AuthError',
    area: 'auth',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'Adobe IMS refused the Campaign token request.',
    hint: 'Check client id, client secret and the organization.',
  },
  FERRY_SECRET_MISSING: {
    class: 'SecretError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'The environment variable holding a secret is not set or empty.',
  },
  FERRY_SECRET_FILE: {
    class: 'SecretError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'The file holding a secret cannot be read.',
  },
  FERRY_SECRET_FILE_UNSAFE: {
    class: 'SecretError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary:
      'A secret file is refused: a relative path leaving the tenant folder, not a regular file, owned by another user, or readable by group or others.',
    hint: 'Keep the file inside the tenant folder (or give an absolute path), owned by the user running ferry, with mode 600.',
  },
  FERRY_SECRET_EMPTY: {
    class: 'SecretError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'The file holding a secret is empty.',
  },
  FERRY_STATE_URL: {
    class: 'ConfigError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'The state URL is not sqlite:<path> or postgres://….',
  },
  FERRY_NO_JOURNAL: {
    class: 'ConfigError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'An events flow runs but the tenant has no campaign.journalUrl.',
  },
  FERRY_LEASE_SETTINGS: {
    class: 'ConfigError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'The lease settings (tenant `lease`, FERRY_LEASE_TTL, FERRY_LEASE_RENEW_EVERY) are not usable.',
    hint: 'Use durations such as 30s; the renewal interval must be at most half the lease time.',
  },
  FERRY_UNKNOWN_FLOW: {
    class: 'ConfigError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'A flow named on the command line is not in the bundle.',
  },
  FERRY_LINK_FLOW: {
    class: 'ConfigError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'A link names a parent flow that is not an entity flow of the bundle.',
  },
  FERRY_OFFLINE: {
    class: 'ConfigError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'An API was called on a runtime opened for the state store only.',
  },
  FERRY_START_TENANT: {
    class: 'ConfigError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: '`ferry start`: tenants/sandbox/tenant.yaml is not valid.',
  },
  FERRY_START_COMPILE: {
    class: 'ConfigError',
    area: 'config',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: '`ferry start`: the sandbox tenant does not compile.',
  },
  FERRY_BUNDLE_MISSING: {
    class: 'ConfigError',
    area: 'bundle',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'No compiled bundle in dist/<tenant>/.',
    hint: 'Run `ferry compile --tenant <t>`.',
  },
  FERRY_BUNDLE_INVALID: {
    class: 'ConfigError',
    area: 'bundle',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'The compiled bundle is unreadable or incomplete.',
    hint: 'Recompile with `ferry compile --tenant <t>`.',
  },
  FERRY_BUNDLE_TAMPERED: {
    class: 'ConfigError',
    area: 'bundle',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'A bundle file (or manifest.json) differs from what the compiler wrote; nothing of it runs.',
    hint: 'Recompile with `ferry compile --tenant <t>`, or restore the files the compiler wrote.',
  },
  FERRY_INSTALL_BROKEN: {
    class: 'ConfigError',
    area: 'tooling',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'ferry cannot find its own package.json, so its installation is incomplete.',
    hint: 'Reinstall ferry (`npm ci` in a checkout).',
  },
  FERRY_DRIFT: {
    class: 'DriftError',
    area: 'bundle',
    retryable: false,
    recordLevel: false,
    exit: 'drift',
    summary: 'A mapped field was removed or changed type in the live metadata.',
    hint: 'Update the mapping or pull metadata again, then recompile.',
  },
  FERRY_DRIFT_ENTITY: {
    class: 'DriftError',
    area: 'bundle',
    retryable: false,
    recordLevel: false,
    exit: 'drift',
    summary: 'A mapped entity is not in the live Dynamics metadata.',
  },
  FERRY_STATE_BUSY: {
    class: 'StateError',
    area: 'state',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'The SQLite state database stayed locked.',
  },
  FERRY_STATE_FENCED: {
    class: 'StateError',
    area: 'state',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'Lease lost: a state write was refused because another worker took over this flow’s lease.',
    hint: 'Nothing to fix: the write was not made; the flow stops on this worker and its new holder continues.',
  },
  FERRY_LEASE_LOST: {
    class: 'StateError',
    area: 'state',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary:
      'Lease lost: another worker took over the flow, or its lease could not be renewed before the write deadline; the run stopped.',
    hint: 'Seen after a long pause (GC, frozen VM, network partition) or a state store outage. The worker exits; restart it if it should keep working.',
  },
  FERRY_JOURNAL_POSITION_EXPIRED: {
    class: 'FerryError',
    area: 'sync',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'The saved journal position has expired: events after it were lost.',
    hint: 'Run again with --reset-position oldest or --reset-position latest.',
  },
  FERRY_CANCELLED: {
    class: 'FerryError',
    area: 'sync',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'The run was cancelled (Ctrl-C or SIGTERM).',
  },
  FERRY_INTERNAL: {
    class: 'FerryError',
    area: 'sync',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'A flow failed with an error that has no code (a bug): the run history keeps its message.',
  },
  FERRY_CAMPAIGN_REJECTED: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'Campaign rejected the record (invalid or read-only value, duplicate, engine error).',
  },
  FERRY_DYNAMICS_REJECTED: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary:
      'Dynamics rejected the record’s write (its `$batch` part or UpsertMultiple answered with an error); the dead letter holds the API’s message.',
  },
  FERRY_CAMPAIGN_KEY_NOT_UNIQUE: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'More than one Campaign record holds the same Dynamics id.',
  },
  FERRY_DUPLICATE_KEY: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'More than one target record matches the key.',
  },
  FERRY_DYNAMICS_BAD_ID: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'A Dynamics id is not a GUID.',
  },
  FERRY_URL_CONTROL_CHAR: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary:
      'A value that would go into a URL or key (an event id, a key value) contains a control character (CR, LF, NUL…); the record is dead-lettered.',
  },
  FERRY_PARENT_MISSING: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'The record’s parent is not in Campaign yet; it is parked and retried automatically.',
  },
  FERRY_LINK_EMPTY: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'A required link has no value on this record.',
  },
  FERRY_EVENT_INVALID: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'A journal event lacks its id, type or profile.',
  },
  FERRY_EVENT_EXTERNAL_ID: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'An event’s profile externalId is not a Dynamics GUID.',
  },
  FERRY_OPTOUT_TARGET: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'The record an opt-out should change no longer exists or is not unique.',
  },
  FERRY_OPTOUT_WRITE: {
    class: 'RecordError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'Writing an opt-out to Dynamics failed for this record.',
  },
  FERRY_TRANSFORM: {
    class: 'TransformError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'A mapping transform threw on this record.',
  },
  FERRY_BAD_VALUE: {
    class: 'TransformError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'A value cannot be converted to the target type.',
  },
  FERRY_BAD_DATE: {
    class: 'TransformError',
    area: 'record',
    retryable: false,
    recordLevel: true,
    exit: 'failed',
    summary: 'A value is not a date.',
  },
  FERRY299: {
    class: 'FerryError',
    area: 'tooling',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'Internal compiler error (a bug in ferry, never in the input).',
    hint: 'Please report it with the mapping that triggers it.',
  },
  FERRY_BENCH_RUN: {
    class: 'FerryError',
    area: 'tooling',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'Benchmarks: a flow of a measured run failed.',
  },
  FERRY_BENCH_CHILD: {
    class: 'FerryError',
    area: 'tooling',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'Benchmarks: a child process failed or exceeded its budget.',
  },
  FERRY_BENCH_MISMATCH: {
    class: 'FerryError',
    area: 'tooling',
    retryable: false,
    recordLevel: false,
    exit: 'failed',
    summary: 'Benchmarks: two clients wrote different outputs.',
  },
  FERRY_BENCH_COMPILE: {
    class: 'ConfigError',
    area: 'tooling',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'Benchmarks: the sandbox bundle does not compile.',
  },
  FERRY_BENCH_FLOW: {
    class: 'ConfigError',
    area: 'tooling',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'Benchmarks: the sandbox bundle lacks a measured flow.',
  },
  FERRY_BENCH_TENANT: {
    class: 'ConfigError',
    area: 'tooling',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'Benchmarks: tenants/sandbox/tenant.yaml is invalid.',
  },
  FERRY_BENCH_IMS: {
    class: 'AuthError',
    area: 'tooling',
    retryable: false,
    recordLevel: false,
    exit: 'config',
    summary: 'Benchmarks: the raw client’s IMS token request failed.',
  },
} as const satisfies Readonly<Record<string, ErrorSpec>>;

export type ErrorCode = keyof typeof ERRORS;

/** The codes registered for one class (its constructor accepts no other). */
export type CodeOf<K extends ErrorClassName> = {
  [C in ErrorCode]: (typeof ERRORS)[C]['class'] extends K ? C : never;
}[ErrorCode];

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERRORS, code);
export const specOf = (code: ErrorCode): ErrorSpec => ERRORS[code];
