// The emulators' own error base: a stable code next to the message, `cause` chained, never thrown strings.
export class EmulatorError extends Error {
  /** Stable machine-readable code, e.g. `EMU_BODY_TOO_LARGE`. */
  readonly code: string;

  constructor(code: string, message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
  }
}
