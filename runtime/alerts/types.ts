// What the alert monitor is told after each pass (plain data), and what it sends.

/** One flow as the monitor sees it after a pass. */
export interface FlowSnapshot {
  readonly flow: string;
  /** The last run's outcome (`never` before the first). */
  readonly lastOutcome: 'ok' | 'failed' | 'cancelled' | 'skipped' | 'never';
  /** The last failure's message (no record values: run errors are scrubbed codes and API texts). */
  readonly error?: string | null;
  /** The flow stopped because live metadata no longer matches the bundle. */
  readonly drift: boolean;
  /** ISO time of the last run that ended ok, null when none did. */
  readonly lastSuccessAt: string | null;
  /** How often the flow is meant to run, in ms (its schedule). */
  readonly intervalMs: number;
}

export interface AlertSnapshot {
  /** ISO time of the observation (tests pass their own). */
  readonly at: string;
  readonly flows: readonly FlowSnapshot[];
  /** Live dead letters of the tenant. */
  readonly deadLetters: number;
  /** Age in ms of the oldest pending opt-out, null when none is pending. */
  readonly oldestPendingOptoutMs: number | null;
  /** A credential was refused (message without secrets), null when authentication works. */
  readonly authFailure: string | null;
}

export type Format = 'slack' | 'teams' | 'json';

export interface Webhook {
  readonly name: string;
  /** The resolved URL: a secret, never logged. */
  readonly url: string;
  readonly format: Format;
}

export interface AlertRules {
  /** Alert when live dead letters are above this. */
  readonly deadLetters: number;
  /** Alert when a flow has had no successful run for this many of its intervals. */
  readonly missedIntervals: number;
  /** Alert when an opt-out has been pending longer than this (ms). */
  readonly optoutPendingMs: number;
}

export type ConditionKind =
  'flow-failed' | 'drift' | 'dead-letters' | 'no-success' | 'optout-pending' | 'auth-failure';

/** One condition that holds now: `key` identifies it across passes (kind + flow). */
export interface Condition {
  readonly key: string;
  readonly kind: ConditionKind;
  readonly flow: string | null;
  readonly text: string;
}

/** What is sent: a condition that started (`firing`) or cleared (`resolved`). */
export interface AlertEvent extends Condition {
  readonly tenant: string;
  readonly status: 'firing' | 'resolved';
  readonly at: string;
}
