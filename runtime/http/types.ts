// The request/response shape every policy and connector speaks; undici stays behind transport.ts.
import type { HttpMethod } from '../../core/errors.ts';
export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Text, or bytes already encoded (a large body built from many parts). */
  readonly body?: string | Uint8Array;
  /** Safe to resend after a network error or 5xx (default: every method but POST). */
  readonly idempotent?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The request as finally sent (after policies added headers). */
  readonly url: string;
}

export type Send = (req: HttpRequest) => Promise<HttpResponse>;
/** A policy wraps the next sender. */
export type Policy = (next: Send) => Send;

/** compose(transport, a, b, c) = c(b(a(transport))): the last policy is the outermost. */
export const compose = (transport: Send, ...policies: readonly Policy[]): Send =>
  policies.reduce<Send>((send, policy) => policy(send), transport);

export const withHeaders = (req: HttpRequest, headers: Readonly<Record<string, string>>): HttpRequest => ({
  ...req,
  headers: { ...req.headers, ...headers },
});
