// Non-2xx responses -> HttpError carrying the API's own message (Dynamics, Campaign and gateway shapes);
// whether it is worth another try follows from its status (core/errors/wire.ts).
import { HttpError } from '../../core/errors.ts';
import type { HttpResponse } from './types.ts';

/** The API's error message, if the body has one of the known shapes. */
export function apiMessage(res: HttpResponse): string | undefined {
  try {
    const body = JSON.parse(res.body) as {
      error?: { message?: unknown } | string;
      message?: unknown;
      error_description?: unknown;
    };
    if (body.error && typeof body.error === 'object' && typeof body.error.message === 'string')
      return body.error.message;
    if (typeof body.message === 'string') return body.message;
    if (typeof body.error_description === 'string') return body.error_description;
    if (typeof body.error === 'string') return body.error;
  } catch {
    // Not JSON: fall through to the short text below.
  }
  const text = res.body.trim();
  return text === '' ? undefined : text.slice(0, 300);
}

export function httpError(res: HttpResponse, what: string): HttpError {
  const msg = apiMessage(res);
  return new HttpError('FERRY_HTTP_STATUS', `${what}: HTTP ${res.status}${msg ? ` ${msg}` : ''}`, {
    status: res.status,
    details: {
      status: res.status,
      ...(res.headers['retry-after'] ? { retryAfter: res.headers['retry-after'] } : {}),
    },
  });
}

/** Return the response when 2xx, otherwise throw HttpError. */
export function expectOk(res: HttpResponse, what: string): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw httpError(res, what);
}

export function parseJson<T>(res: HttpResponse, what: string): T {
  try {
    return JSON.parse(res.body) as T;
  } catch (err) {
    throw new HttpError('FERRY_HTTP_BAD_BODY', `${what}: response is not JSON`, {
      status: res.status,
      cause: err,
    });
  }
}
