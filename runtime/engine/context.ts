// What every flow runner gets: the ports, the state store and run options. Nothing else.
import type { CampaignPort, DynamicsPort, JournalPort } from '../ports.ts';
import type { StateStore } from '../state/port.ts';
import type { Counts } from './counts.ts';
import type { LeaseSettings } from './lease-settings.ts';
import type { OutageWatch } from './outage.ts';

export type RunMode = 'incremental' | 'replay';

export interface ProgressEvent {
  readonly flow: string;
  readonly phase: string;
  readonly counts: Readonly<Record<string, number>>;
}

export interface EngineLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: EngineLogger = { info() {}, warn() {}, error() {} };

export interface EnginePorts {
  readonly dynamics: DynamicsPort;
  readonly campaign: CampaignPort;
  /** Absent when the tenant has no journal URL (events flows then fail with a clear message). */
  readonly journal: JournalPort | null;
  readonly state: StateStore;
}

export interface EngineOptions {
  /** Concurrent Campaign writes per flow (the connector's token bucket paces them). */
  readonly concurrency: number;
  /** Journal entries read per batch. */
  readonly journalBatch: number;
  readonly log: EngineLogger;
  readonly now: () => Date;
  /**
   * Worker identity for leases (several workers sharing a PostgreSQL state store). Default:
   * FERRY_WORKER_ID, else `<host>:<pid>:<random>` (unique per process).
   */
  readonly worker: string;
  /** Lease TTL, renewal period and write-deadline margin. */
  readonly lease: LeaseSettings;
  /** Transient failures with no success in between stop a flow after this (tenant `resilience.outageBudget`). */
  readonly outageBudgetMs?: number;
  /** Rounds of in-run retries of transient dead letters, and the wait before the first (doubling). */
  readonly inRunRetry?: { readonly rounds: number; readonly firstWaitMs: number };
}

export interface FlowRunContext extends EnginePorts, EngineOptions {
  readonly mode: RunMode;
  readonly counts: Counts;
  readonly signal: AbortSignal | undefined;
  readonly progress: (phase: string) => void;
  /** Decides when transient failures are one record's (dead-letter, retry) or a service outage (stop). */
  readonly outage?: OutageWatch;
  /** Events flows only: what to do with an expired journal position. */
  readonly resetPosition: 'oldest' | 'latest' | undefined;
}
