// The latency benchmark's figures, table and targets (bench/latency.ts measures).
import { DEFAULT_INTERVAL } from '../../runtime/service/schedule.ts';
import type { BenchResult } from '../types.ts';
import { sig } from './stats.ts';

const TARGET_P95_MS = 10_000;
/** Dynamics service protection: requests per user per 5-minute window. */
const LIMIT_PER_5MIN = 6000;

/** Nearest-rank percentile. */
export const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

export interface ModeResult {
  readonly mode: string;
  readonly latencies: readonly number[];
  readonly idleDynamicsPerMin: number;
  readonly idleCampaignPerMin: number;
  /** Idle requests by Dynamics route and Campaign operation, e.g. `Dynamics GET contacts 4`. */
  readonly idleByRoute: string;
  readonly exit: number | null;
}

export interface Sizes {
  readonly edits: number;
  readonly windowMs: number;
  readonly idleMs: number;
}

export function report(modes: readonly ModeResult[], z: Sizes): BenchResult {
  const figures: Record<string, number | string> = {
    defaultInterval: DEFAULT_INTERVAL,
    editsPerMode: z.edits,
    editWindowS: z.windowMs / 1000,
    idleWindowS: z.idleMs / 1000,
  };
  const table: (string | number)[][] = [
    [
      'mode',
      'edits',
      'p50 s',
      'p95 s',
      'max s',
      'idle Dynamics req/min',
      'share of 6,000/5 min',
      'idle Campaign req/min',
      'exit on SIGTERM',
      `idle requests in ${z.idleMs / 1000} s`,
    ],
  ];
  for (const m of modes) {
    const [p50, p95, max] = [pct(m.latencies, 50), pct(m.latencies, 95), Math.max(...m.latencies)];
    const share = (m.idleDynamicsPerMin * 5) / LIMIT_PER_5MIN;
    Object.assign(figures, {
      [`${m.mode}.p50S`]: sig(p50 / 1000),
      [`${m.mode}.p95S`]: sig(p95 / 1000),
      [`${m.mode}.maxS`]: sig(max / 1000),
      [`${m.mode}.idleDynamicsPerMin`]: sig(m.idleDynamicsPerMin),
      [`${m.mode}.idleShareOfLimit`]: sig(share),
      [`${m.mode}.idleCampaignPerMin`]: sig(m.idleCampaignPerMin),
      [`${m.mode}.idleRequests`]: m.idleByRoute,
    });
    table.push([
      m.mode,
      m.latencies.length,
      sig(p50 / 1000),
      sig(p95 / 1000),
      sig(max / 1000),
      sig(m.idleDynamicsPerMin),
      `${sig(share * 100)}%`,
      sig(m.idleCampaignPerMin),
      m.exit ?? 'signal',
      m.idleByRoute,
    ]);
  }
  return {
    name: 'latency',
    figures,
    table,
    targets: modes.flatMap((m) => [
      {
        name: `${m.mode}: p95 edit → readable <= 10 s at the default interval (${DEFAULT_INTERVAL})`,
        met: pct(m.latencies, 95) <= TARGET_P95_MS,
        detail: `${sig(pct(m.latencies, 95) / 1000)} s`,
      },
      {
        name: `${m.mode}: idle, the five sandbox flows use under 10% of the Dynamics limit of 6,000 / 5 min`,
        met: m.idleDynamicsPerMin * 5 < 0.1 * LIMIT_PER_5MIN,
        detail: `${sig(m.idleDynamicsPerMin * 5)} per 5 min`,
      },
    ]),
  };
}
