// Read a request body into memory with a hard size limit (emulators answer 413 above it).
import type { IncomingMessage } from 'node:http';

/** The emulators' own error: they share no code with ferry, so they cannot share its mistakes. */
export class EmulatorError extends Error {
  constructor(
    readonly code: string,
    message: string,
    opts: { cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
  }
}

/** Thrown when the body exceeds the limit; emulators map it to 413. */
export class BodyTooLargeError extends EmulatorError {
  constructor(readonly limit: number) {
    super('EMU_BODY_TOO_LARGE', `Request body exceeds ${limit} bytes.`);
  }
}

/** Thrown when a body that must be JSON is not. */
export class BodyParseError extends EmulatorError {}

export const DEFAULT_BODY_LIMIT = 128 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        // Keep draining so the 413 can still be written on the same socket.
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

export async function readText(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<string> {
  return (await readBody(req, limit)).toString('utf8');
}

/** Parses a JSON body; an empty body yields `undefined`. */
export async function readJson(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const text = await readText(req, limit);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new BodyParseError('EMU_BODY_PARSE', 'Request body is not valid JSON.', { cause });
  }
}
