// pino logger with secret redaction (by key and by value); the CLI picks the format (json for machines, pretty for a TTY, quiet).
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from 'pino';
import { scrub } from '../core/errors.ts';

export type { Logger } from 'pino';
export type LogFormat = 'json' | 'pretty' | 'quiet';

// Any of these keys, at the top level or one or two levels down, is replaced before it is written.
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'secret',
  'clientSecret',
  'client_secret',
  'password',
  'token',
  'accessToken',
  'access_token',
  'refresh_token',
  'apiKey',
  'x-api-key',
  'cookie',
  'set-cookie',
];
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((k) => [
  `["${k}"]`,
  `*["${k}"]`,
  `*.*["${k}"]`,
]);

export interface LoggerOptions {
  readonly format?: LogFormat;
  readonly level?: string;
  /** Where lines go (default stderr, so stdout stays for command output). */
  readonly destination?: NodeJS.WritableStream;
}

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const BASE_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/** A minimal human format (no pino-pretty dependency): `HH:MM:SS LEVEL msg key=value`. */
function prettyStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        const o = JSON.parse(line) as Record<string, unknown>;
        const extra = Object.entries(o)
          .filter(([k]) => !BASE_KEYS.has(k))
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ');
        const time = new Date(Number(o.time)).toISOString().slice(11, 19);
        out.write(
          `${time} ${(LEVELS[Number(o.level)] ?? '?').padEnd(5)} ${String(o.msg ?? '')}${extra ? ` ${extra}` : ''}\n`,
        );
      }
      done();
    },
  });
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const format = opts.format ?? 'json';
  const out = opts.destination ?? process.stderr;
  const options = {
    level: format === 'quiet' ? 'warn' : (opts.level ?? 'info'),
    base: null,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    // By value as well as by key: a secret or token inside any message or field never reaches the line.
    hooks: { streamWrite: scrub },
  };
  return pino(options, format === 'pretty' ? prettyStream(out) : out);
}

/** A logger that drops everything (tests, library use). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
