// Messages between the benchmarks and the emulator host child process.
import type { FaultRule } from '../../emulators/common/faults.ts';

export interface HostConfig {
  readonly seed: number;
  /** Dynamics contacts generated from (seed, i). */
  readonly contacts: number;
  /** Computed from (seed, i) when read instead of stored up front (the scale run: 15 M would not fit). */
  readonly lazyContacts?: boolean;
  /** Added to every Dynamics and Campaign API call. */
  readonly latencyMs: number;
  /** The Campaign emulator's own calls-per-second limit (429 + Retry-After above it); none when absent. */
  readonly campaignCallsPerSecond?: number;
  /** The services this host runs (default all): Dynamics (and Entra), or Campaign (with IMS and the journal). */
  readonly services?: 'all' | 'dynamics' | 'campaign';
}

export interface HostInfo {
  readonly dynamics: { readonly url: string; readonly tokenUrl: string; readonly clientSecret: string };
  readonly campaign: {
    readonly url: string;
    readonly imsTokenUrl: string;
    readonly journalUrl: string;
    readonly clientSecret: string;
  };
}

export type HostCommand =
  | { readonly cmd: 'counters' }
  /** Changes every `every`-th contact in Dynamics. */
  | { readonly cmd: 'touch'; readonly every: number; readonly round: number }
  /** Appends deliveries to the first `profiles` contacts until at least `events` events are journaled. */
  | { readonly cmd: 'deliver'; readonly profiles: number; readonly events: number }
  /** Campaign fault rules (latency is kept). */
  | { readonly cmd: 'faults'; readonly rules: readonly FaultRule[]; readonly seed: number }
  /** Dynamics delta tokens older than `ms` are refused as expired (-1: every token; the default is 7 days). */
  | { readonly cmd: 'deltaMaxAge'; readonly ms: number }
  /** Starts (on) or stops and returns (off) the Campaign arrival log. */
  | { readonly cmd: 'log'; readonly on: boolean }
  /** `field` of the Campaign profile whose `externalId` is each of `keys` (null: no such profile), read from the store. */
  | { readonly cmd: 'profiles'; readonly keys: readonly string[]; readonly field: string };

export interface HostCounters {
  readonly campaign: {
    readonly requests: number;
    readonly engineCalls: number;
    readonly throttled: number;
    readonly byOperation: Readonly<Record<string, number>>;
    readonly injected: Readonly<Record<string, number>>;
  };
  readonly dynamics: { readonly requests: number; readonly byRoute: Readonly<Record<string, number>> };
  readonly journalSize: number;
  readonly profiles: number;
  readonly rssMb: number;
  /** CPU time (user + system) the emulator host has used since it started, ms. */
  readonly cpuMs: number;
}

/** Arrival time (epoch ms) of each Campaign request; when each 429 was sent and its Retry-After seconds. */
export interface ArrivalLog {
  readonly t: number[];
  readonly throttledAt: number[];
  readonly retryAfter: number[];
}

/** One side of a host (Dynamics or Campaign): its part of the info and counters, and the commands it answers. */
export interface HostSide {
  readonly info: Partial<HostInfo>;
  counters(): Partial<HostCounters>;
  /** The command's answer, or undefined when the command is for the other side. */
  handle(cmd: HostCommand): { readonly value: unknown } | undefined;
}

/** The counters of a benchmark's hosts from each host's part: each service's own part, sizes and CPU added up. */
export function mergeCounters(parts: readonly Partial<HostCounters>[]): HostCounters {
  const sum = (k: 'journalSize' | 'profiles' | 'rssMb' | 'cpuMs'): number =>
    parts.reduce((n, p) => n + (p[k] ?? 0), 0);
  return {
    campaign: parts.find((p) => p.campaign)?.campaign ?? {
      requests: 0,
      engineCalls: 0,
      throttled: 0,
      byOperation: {},
      injected: {},
    },
    dynamics: parts.find((p) => p.dynamics)?.dynamics ?? { requests: 0, byRoute: {} },
    journalSize: sum('journalSize'),
    profiles: sum('profiles'),
    rssMb: sum('rssMb'),
    cpuMs: sum('cpuMs'),
  };
}
