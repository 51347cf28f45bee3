// What the status page is given by the process that mounts it (`ferry serve`, or a test's plain server).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunReport } from '../../../runtime/index.ts';
import type { FlowSchedule } from '../../../runtime/read/index.ts';
import type { ActionRecord, StateStore } from '../../../runtime/state/port.ts';
import type { AdminTokens } from './admin-token.ts';

/** A mountable handler: resolves true when it answered the request. */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** What needs the APIs: the mounting process runs it through its runtime (leases keep it apart from the scheduler). */
export interface TenantActions {
  retryLetters(flow: string, ids: readonly number[]): Promise<RunReport>;
  replayFlow(flow: string): Promise<RunReport>;
}

export interface PageTenant {
  readonly name: string;
  readonly state: StateStore;
  /** The compiled bundle's flows, in bundle order. */
  readonly flows: readonly { readonly name: string; readonly kind: 'entity' | 'events' | 'optout' }[];
  readonly bundleHash?: string;
  /** Each flow's schedule and next run, when a scheduler runs them. */
  readonly schedules?: () => ReadonlyMap<string, FlowSchedule>;
  /** Retry and replay; without them those two actions are unavailable (pause, resume, discard still work). */
  readonly actions?: TenantActions;
}

export interface StatusPageDeps {
  /** Current tenants (a function: bundles may be reloaded between passes). */
  tenants(): readonly PageTenant[];
  readonly admin: AdminTokens;
  /** Path prefix the page is mounted under ('' = the root). */
  readonly base?: string;
  /** Called once an audited action has its final outcome (a replay finishes after the answer). */
  readonly onAction?: (tenant: string, action: ActionRecord) => void;
}

/** What every view gets. */
export interface ViewCtx {
  readonly base: string;
  readonly adminEnabled: boolean;
  /** Signed-in admin (forms carry its CSRF token), or null: read-only. */
  readonly session: { readonly actor: string; readonly csrf: string } | null;
  readonly url: URL;
}
