// What `ferry doctor` reports: one finding per check and subject, each with a one-line fix.
import type { TenantFile } from '../../core/model/tenant.ts';
import type { TenantConnectors } from '../connectors/index.ts';
import type { DoctorNeeds } from './needs.ts';
import type { FlavorTarget } from '../connectors/campaign/flavor-check.ts';

export type Status = 'ok' | 'warn' | 'fail';

export interface Finding {
  /** Check name, e.g. `change tracking`. */
  readonly check: string;
  readonly status: Status;
  /** What was found, naming the table, resource or setting. */
  readonly detail: string;
  /** One line saying what to do; empty when the status is ok. */
  readonly fix: string;
}

/** What one Dynamics call taught the checks that need response headers (clock, rate limits). */
export interface ServiceFacts {
  /** `Date` header of a Dynamics answer, with the local clock read when it arrived. */
  date?: { readonly server: number; readonly local: number };
  /** `x-ms-dop-hint`: the degree of parallelism the org recommends. */
  dopHint?: number;
  /** WhoAmI's UserId: the application user the privileges are read for. */
  userId?: string;
}

export interface DoctorContext {
  readonly tenant: TenantFile;
  /** The tenant file's text, for placeholders left in it. */
  readonly tenantText: string;
  readonly needs: DoctorNeeds;
  readonly conn: TenantConnectors;
  /** Local clock (ms since epoch), injectable so a test can skew it. */
  readonly now: () => number;
  /** Filled by the token checks, read by the checks that run after them. */
  readonly facts: ServiceFacts;
  /** The compiled bundle's Campaign targets (resource, path, key filter); absent without a bundle. */
  readonly flavorTargets?: readonly FlavorTarget[];
}

export type Check = (ctx: DoctorContext) => Promise<readonly Finding[]>;

export const ok = (check: string, detail: string): Finding => ({ check, status: 'ok', detail, fix: '' });
export const warn = (check: string, detail: string, fix: string): Finding => ({
  check,
  status: 'warn',
  detail,
  fix,
});
export const fail = (check: string, detail: string, fix: string): Finding => ({
  check,
  status: 'fail',
  detail,
  fix,
});

const RANK: Readonly<Record<Status, number>> = { ok: 0, warn: 1, fail: 2 };

/** The worst status among the findings (ok when there are none). */
export const worst = (findings: readonly Finding[]): Status =>
  findings.reduce<Status>((w, f) => (RANK[f.status] > RANK[w] ? f.status : w), 'ok');

export const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
