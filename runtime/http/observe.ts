// Every response (and network failure) as it comes off the wire, for whoever listens (ferry serve's metrics).
import { parseRetryAfter } from './retry-after.ts';
import type { Policy } from './types.ts';

export interface HttpObservation {
  /** `Dynamics`, `Campaign` or `Journal`. */
  readonly service: string;
  /** HTTP status, or `error` when no response came back. */
  readonly status: number | 'error';
  /** Pause a 429/503 asked for through Retry-After, in ms (null when none). */
  readonly retryAfterMs: number | null;
}

type Observer = (o: HttpObservation) => void;
const observers = new Set<Observer>();

/** Subscribe; returns the unsubscribe function. */
export function observeHttp(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

function emit(o: HttpObservation): void {
  // An observer must never break a request.
  for (const observer of observers)
    try {
      observer(o);
    } catch {
      /* ignored */
    }
}

/** Innermost policy: sees each attempt on the wire, retries included. */
export const observed =
  (service: string): Policy =>
  (next) =>
  async (req) => {
    if (observers.size === 0) return next(req);
    try {
      const res = await next(req);
      const paused =
        res.status === 429 || res.status === 503
          ? parseRetryAfter(res.headers['retry-after'], Date.now())
          : null;
      emit({ service, status: res.status, retryAfterMs: paused });
      return res;
    } catch (err) {
      emit({ service, status: 'error', retryAfterMs: null });
      throw err;
    }
  };
