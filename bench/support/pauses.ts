// Reads the Campaign arrival log: after a 429 with Retry-After, how many requests still arrived before it ended.
import type { ArrivalLog } from './emulator-protocol.ts';

export interface PauseAnalysis {
  /** Requests answered 429 with Retry-After. */
  readonly throttled: number;
  /** Distinct pause windows (overlapping 429s merged). */
  readonly windows: number;
  /** Sum of window lengths, ms. */
  readonly pausedMs: number;
  /** Requests that arrived inside a window after the grace period: sent although ferry had been told to wait. */
  readonly wasted: number;
  /** Requests that arrived within the grace period: already on the wire when the 429 went out. */
  readonly inFlight: number;
  /** Arrival offsets (ms after the window opened) of the wasted requests, first 20. */
  readonly wastedOffsetsMs: readonly number[];
}

/**
 * A window opens when a 429 leaves the server and lasts Retry-After seconds. Requests arriving in its first
 * `openGraceMs` may have been sent before the client read the 429 (on a loaded 2-core machine its event loop
 * lags tens of ms), so they count as in flight, not waste. The client's window ends Retry-After after it
 * read the 429, never earlier than the server's, so only clock jitter (`closeGraceMs`) is allowed at the end.
 */
export function analysePauses(log: ArrivalLog, openGraceMs = 100, closeGraceMs = 5): PauseAnalysis {
  const windows: [number, number][] = [];
  const order = log.throttledAt
    .map((t, i) => [t, log.retryAfter[i] ?? 0] as const)
    .sort((a, b) => a[0] - b[0]);
  for (const [start, s] of order) {
    if (s <= 0) continue;
    const end = start + s * 1000;
    const last = windows[windows.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  let wasted = 0;
  let inFlight = 0;
  const offsets: number[] = [];
  for (const t of log.t) {
    const w = windows.find(([a, b]) => t >= a && t < b);
    if (w === undefined) continue;
    if (t < w[0] + openGraceMs) inFlight++;
    else if (t < w[1] - closeGraceMs) {
      wasted++;
      if (offsets.length < 20) offsets.push(Math.round(t - w[0]));
    }
  }
  return {
    throttled: order.length,
    windows: windows.length,
    pausedMs: windows.reduce((n, [a, b]) => n + (b - a), 0),
    wasted,
    inFlight,
    wastedOffsetsMs: offsets,
  };
}
