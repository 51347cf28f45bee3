// The three ACS error body shapes (reference §6).
import type { ServerResponse } from 'node:http';
import { sendJson } from '../common/respond.ts';

export const OOPS = 'Oops. Something went wrong. Check your URI and try again.';

/** Gateway errors: `{code:<number>, message}`. */
export function gatewayError(res: ServerResponse, status: number, message = OOPS): void {
  sendJson(res, status, { code: status, message });
}

/** Auth errors: `{error_code:"<string>", message}`. */
export function authError(res: ServerResponse, status: number, errorCode: string, message: string): void {
  sendJson(res, status, { error_code: errorCode, message });
}

/**
 * Campaign engine errors: shape and status are undocumented. The only recorded status for a data error
 * (PATCH of read-only `age`) is 500, so every engine/data error here is 500 with `{code, message}` (unverified).
 */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly status = 500,
  ) {
    super(message);
  }
}

export function engineError(res: ServerResponse, err: EngineError): void {
  sendJson(res, err.status, { code: err.status, message: err.message });
}

export const invalidConstant = (x: string): EngineError => new EngineError(`'${x}' is not a valid constant`);
export const invalidProperty = (x: string, resource: string): EngineError =>
  new EngineError(`'${x}' property is not valid for the '${resource}' resource`);
