// The storage port: the engine talks only to this; SQLite and PostgreSQL adapters implement it.
export type FlowStatus = 'starting' | 'running' | 'stopped' | 'failed';

export interface LedgerEntry {
  readonly flow: string;
  /** Dynamics id (or event id for events flows). */
  readonly sourceId: string;
  /** Value of the Campaign key field (usually equal to sourceId). */
  readonly targetKey: string;
  /** Hash of the mapped target fields last written. */
  readonly hash: string;
  /** Did ferry create the target record (only those are ever modified or deleted). */
  readonly createdByFerry: boolean;
  /** Did the record match the filter when last seen. */
  readonly matched: boolean;
  readonly syncedAt: string;
}

/**
 * The first writes of one events page, recorded before they are sent and deleted by the page's commit. One
 * left behind (a crash in between) becomes empty-hash ledger rows, so the re-sent writes count as updated.
 */
export interface EventIntent {
  readonly flow: string;
  /** Unique per page within the flow. */
  readonly page: string;
  readonly syncedAt: string;
  readonly writes: readonly { readonly sourceId: string; readonly targetKey: string }[];
}

export interface DeadLetter {
  readonly id: number;
  readonly flow: string;
  readonly sourceId: string;
  readonly payload: unknown;
  readonly reason: string;
  readonly attempts: number;
  readonly createdAt: string;
  readonly lastAttemptAt: string;
  /** The failure's stable code (null for letters stored before codes were kept). */
  readonly code: string | null;
  /** Set once an operator discarded the letter: it no longer counts, is not retried, and is kept as a record. */
  readonly discarded: { readonly at: string; readonly by: string; readonly note: string } | null;
  /** When ferry retries it by itself next (ISO); null: it waits for an operator (needs attention). */
  readonly nextRetryAt: string | null;
}

/** Exponential backoff of a letter ferry retries by itself: `baseMs * 2^(attempts-1)`, at most `capMs`. */
export interface RetryBackoff {
  readonly baseMs: number;
  readonly capMs: number;
}

/** A listing of dead letters: live ones by default, narrowed by flow, code, retry state; at most `limit`. */
export interface DeadLetterQuery {
  readonly flow?: string | undefined;
  /** One record's letter (the store keeps one per flow and source id). */
  readonly sourceId?: string | undefined;
  /** The letters of these records only (an empty list selects none): one chunk's records, not the flow's every letter. */
  readonly sourceIds?: readonly string[] | undefined;
  /** Letters whose reason starts with this text (e.g. the children parked for a missing parent). */
  readonly reasonPrefix?: string | undefined;
  /** Letters after this id (keyset paging with `limit`: listings ordered by id). */
  readonly afterId?: number | undefined;
  readonly code?: string | undefined;
  /** `retrying`: ferry retries them by itself; `attention`: they wait for an operator. */
  readonly state?: 'retrying' | 'attention' | undefined;
  readonly discarded?: boolean | undefined;
  readonly limit?: number | undefined;
}

/** Which dead letters to discard: ids, a reason code, or every letter (of one flow when `flow` is set). */
export interface DiscardSelector {
  readonly flow?: string;
  readonly ids?: readonly number[];
  readonly code?: string;
  readonly all?: boolean;
}

export interface RunRecord {
  readonly id: number;
  readonly flow: string;
  readonly mode: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly counts: Readonly<Record<string, number>>;
  readonly error: string | null;
}

export interface OptoutAudit {
  readonly flow: string;
  readonly sourceId: string;
  readonly pair: string;
  readonly dynamicsValue: boolean | null;
  readonly campaignValue: boolean | null;
  readonly decided: boolean;
  readonly winner: string;
  readonly reason: string;
  readonly at: string;
}

export interface PendingOptout {
  readonly flow: string;
  readonly sourceId: string;
  /** Which side must still be written. */
  readonly side: 'dynamics' | 'campaign';
  readonly field: string;
  readonly value: boolean;
  readonly reason: string;
  readonly attempts: number;
  /** When the write first failed (ISO); null for rows stored before this was kept. */
  readonly since?: string | null;
}

/** The last value ferry saw (or wrote) in one Campaign opt-out field, and since when: its attribute-level change time for the conflict rule. */
export interface OptoutSeen {
  readonly flow: string;
  /** Profile key (the Campaign key field's value, lower case). */
  readonly key: string;
  readonly field: string;
  readonly value: boolean | null;
  /** ISO time: the profile's lastModified when this value was first seen, or the write that set it. */
  readonly since: string;
}

/** One operator action taken from the status page: who did what to which flow or letter, why, and how it went. */
export interface ActionRecord {
  readonly id: number;
  /** retry, discard, replay, pause, resume. */
  readonly action: string;
  readonly flow: string | null;
  /** What it acted on besides the flow (a dead-letter id). */
  readonly target: string | null;
  /** The admin token's label, or "admin". */
  readonly actor: string;
  readonly why: string | null;
  /** done, refused, failed: <message>, or started (a replay running in the background). */
  readonly outcome: string;
  readonly at: string;
}

/** A flow an operator paused: `ferry run` and `ferry serve` skip it until it is resumed. */
export interface FlowPause {
  readonly flow: string;
  readonly actor: string;
  readonly why: string | null;
  readonly at: string;
}

/** A failure to record as a dead letter (one per flow and source id). */
export interface NewDeadLetter {
  flow: string;
  sourceId: string;
  payload: unknown;
  reason: string;
  code?: string;
  /** Retried automatically with this backoff (next retry time stored); absent: needs an operator. */
  retry?: RetryBackoff;
}

export interface StateStore {
  /** Run migrations; idempotent. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  getCheckpoint(flow: string, name: string): Promise<string | null>;
  setCheckpoint(flow: string, name: string, value: string | null): Promise<void>;

  getLedger(flow: string, sourceIds: readonly string[]): Promise<ReadonlyMap<string, LedgerEntry>>;
  putLedger(entries: readonly LedgerEntry[]): Promise<void>;
  deleteLedger(flow: string, sourceIds: readonly string[]): Promise<void>;
  /** Every ledger entry of a flow, streamed in pages (for replays and filtered-out sweeps). */
  scanLedger(flow: string): AsyncIterable<readonly LedgerEntry[]>;
  countLedger(flow: string): Promise<number>;
  /**
   * Optional: delete a flow's ledger entries last written before `syncedBefore` (ISO timestamp); resolves
   * to how many were deleted. Used by events flows, whose ledger only needs events the journal retains.
   */
  pruneLedger?(flow: string, syncedBefore: string): Promise<number>;
  putEventIntent(intent: EventIntent): Promise<void>;
  deleteEventIntent(flow: string, page: string): Promise<void>;
  /** The flow's intent records still there, oldest first. */
  listEventIntents(flow: string): Promise<readonly EventIntent[]>;

  /** A new failure of a discarded letter makes it live again. */
  addDeadLetter(d: NewDeadLetter): Promise<void>;
  /** Live letters (discarded ones only with `discarded: true`, then only those). */
  listDeadLetters(flow?: string, opts?: Omit<DeadLetterQuery, 'flow'>): Promise<readonly DeadLetter[]>;
  removeDeadLetter(id: number): Promise<void>;
  /** Live letters only. */
  countDeadLetters(flow?: string, opts?: Pick<DeadLetterQuery, 'code' | 'state'>): Promise<number>;
  /** Mark the selected live letters discarded by `by` for `note`; resolves to the discarded letters. */
  discardDeadLetters(sel: DiscardSelector, by: string, note: string): Promise<readonly DeadLetter[]>;

  startRun(flow: string, mode: string): Promise<number>;
  endRun(id: number, counts: Readonly<Record<string, number>>, error: string | null): Promise<void>;
  listRuns(flow: string, limit: number): Promise<readonly RunRecord[]>;

  setStatus(flow: string, status: FlowStatus, detail?: string): Promise<void>;
  getStatus(flow: string): Promise<{ status: FlowStatus; detail: string | null; updatedAt: string } | null>;

  audit(entry: OptoutAudit): Promise<void>;
  listAudit(flow: string, limit: number): Promise<readonly OptoutAudit[]>;
  addPendingOptout(p: Omit<PendingOptout, 'attempts' | 'since'>): Promise<void>;
  listPendingOptouts(flow: string): Promise<readonly PendingOptout[]>;
  resolvePendingOptout(
    flow: string,
    sourceId: string,
    side: PendingOptout['side'],
    field: string,
  ): Promise<void>;
  /** Remembered Campaign opt-out field values of these profile keys (optional: without it, record-level times are used). */
  getOptoutSeen?(flow: string, keys: readonly string[]): Promise<readonly OptoutSeen[]>;
  /** Insert or replace remembered values (last entry wins per flow, key, field). */
  putOptoutSeen?(entries: readonly OptoutSeen[]): Promise<void>;

  /** Optional: the flow's pause, null when it runs (stores without it never pause). */
  pausedFlow?(flow: string): Promise<FlowPause | null>;

  /** Run `fn` in one transaction (ledger + checkpoint move together). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}
