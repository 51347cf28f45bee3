// The StateStore over a SqlDriver: identical SQL for SQLite and PostgreSQL.
import type {
  DeadLetter,
  DeadLetterQuery,
  EventIntent,
  NewDeadLetter,
  DiscardSelector,
  FlowStatus,
  LedgerEntry,
  ActionRecord,
  FlowPause,
  OptoutAudit,
  OptoutSeen,
  PendingOptout,
  RunRecord,
  StateStore,
} from './port.ts';
import { scrub, scrubOptional } from '../../core/errors.ts';
import type { SqlDriver } from './driver.ts';
import { chunk, placeholders } from './driver.ts';
import { Leases } from './leases.ts';
import type { Lease, LeaseRow } from './leases.ts';
import { countLetters, listLetters, selectWhere, toDeadLetter, upsertDeadLetter } from './dead-letters.ts';
import { migrate } from './migrations.ts';
import { bool, toOptoutAudit, toPendingOptout } from './optout-rows.ts';
import { finishAction, insertAction, pauseOf, setPause } from './actions.ts';
import { deleteIntent, insertIntent, selectIntents } from './event-intents.ts';
import { encodeId, encodeTime, LEDGER_COLUMNS, ledgerParams, toLedger } from './ledger-codec.ts';

const IN_CHUNK = 500;
const PUT_CHUNK = 100;

/** Upsert of `rows` ledger rows in one statement. */
const upsertLedger = (rows: number): string =>
  `INSERT INTO ferry_ledger (${LEDGER_COLUMNS}) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
   ON CONFLICT (flow, source_id) DO UPDATE SET target_key = excluded.target_key, hash = excluded.hash,
   created_by_ferry = excluded.created_by_ferry, matched = excluded.matched, synced_at = excluded.synced_at`;
const UPSERT_ONE = upsertLedger(1);

const SCAN_PAGE = 1000;

const iso = (): string => new Date().toISOString();
const dbBool = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

export interface SqlStateStoreOptions {
  /** Clock for lease expiry (tests). */
  readonly now?: () => number;
  /** PostgreSQL: the server ends a session left idle inside a transaction this long (a paused worker). */
  readonly idleInTransactionMs?: number;
}

export class SqlStateStore implements StateStore {
  private readonly leases: Leases;

  constructor(
    readonly db: SqlDriver,
    opts: SqlStateStoreOptions = {},
  ) {
    this.leases = new Leases(db, opts.now ?? Date.now);
  }

  async migrate(): Promise<void> {
    await migrate(this.db);
  }
  close(): Promise<void> {
    return this.db.close();
  }
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Take the lease of a flow for `ttlMs`; every later state write of this flow is fenced by it. */
  acquireLease(flow: string, worker: string, ttlMs: number, deadHolder?: string): Promise<Lease | null> {
    return this.leases.acquire(flow, worker, ttlMs, deadHolder);
  }
  /** Extend the lease this process holds; false once another worker has taken it. */
  renewLease(flow: string, ttlMs: number): Promise<boolean> {
    return this.leases.renew(flow, ttlMs);
  }
  releaseLease(flow: string): Promise<void> {
    return this.leases.release(flow);
  }
  /** Holder, fence and expiry of a flow's lease (null when never taken). */
  leaseOf(flow: string): Promise<LeaseRow | null> {
    return this.leases.row(flow);
  }

  /** Several statements in one transaction, fenced like a single one. */
  private fencedTx<T>(flows: readonly string[], fn: () => Promise<T>): Promise<T> {
    return this.fenced(flows, () => this.db.transaction(fn));
  }

  /** `fn` in one transaction with the fence check of every flow it writes (no extra transaction when none is leased here). */
  private fenced<T>(flows: readonly string[], fn: () => Promise<T>): Promise<T> {
    const leased = [...new Set(flows)].filter((f) => this.leases.holds(f));
    if (leased.length === 0) return fn();
    return this.db.transaction(async () => {
      for (const f of leased) await this.leases.check(f);
      return fn();
    });
  }

  async getCheckpoint(flow: string, name: string): Promise<string | null> {
    const [row] = await this.db.all('SELECT value FROM ferry_checkpoints WHERE flow = ? AND name = ?', [
      flow,
      name,
    ]);
    return row && row.value !== null ? String(row.value) : null;
  }

  async setCheckpoint(flow: string, name: string, value: string | null): Promise<void> {
    await this.fenced([flow], async () => {
      await this.db.run(
        'INSERT INTO ferry_checkpoints (flow, name, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (flow, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        [flow, name, value, iso()],
      );
    });
  }

  async getLedger(flow: string, sourceIds: readonly string[]): Promise<ReadonlyMap<string, LedgerEntry>> {
    const out = new Map<string, LedgerEntry>();
    for (const ids of chunk([...new Set(sourceIds)], IN_CHUNK)) {
      const rows = await this.db.all(
        `SELECT * FROM ferry_ledger WHERE flow = ? AND source_id IN (${placeholders(ids.length)})`,
        [flow, ...ids.map(encodeId)],
      );
      for (const r of rows) {
        const e = toLedger(r);
        out.set(e.sourceId, e);
      }
    }
    return out;
  }

  async putLedger(entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Last write wins inside one call: ON CONFLICT cannot touch the same row twice in one statement.
    const unique = [...new Map(entries.map((e) => [`${e.flow}\u0000${e.sourceId}`, e])).values()];
    await this.fencedTx(
      unique.map((e) => e.flow),
      async () => {
        if (this.db.runEach) {
          await this.db.runEach(UPSERT_ONE, unique.map(ledgerParams));
          return;
        }
        for (const part of chunk(unique, PUT_CHUNK))
          await this.db.run(upsertLedger(part.length), part.flatMap(ledgerParams));
      },
    );
  }

  async deleteLedger(flow: string, sourceIds: readonly string[]): Promise<void> {
    await this.fencedTx([flow], async () => {
      for (const ids of chunk(sourceIds, IN_CHUNK)) {
        await this.db.run(
          `DELETE FROM ferry_ledger WHERE flow = ? AND source_id IN (${placeholders(ids.length)})`,
          [flow, ...ids.map(encodeId)],
        );
      }
    });
  }

  async *scanLedger(flow: string): AsyncIterable<readonly LedgerEntry[]> {
    // Keyset paging: stable under concurrent inserts and constant memory.
    let after: Uint8Array = Buffer.alloc(0);
    for (;;) {
      const rows = await this.db.all(
        'SELECT * FROM ferry_ledger WHERE flow = ? AND source_id > ? ORDER BY source_id LIMIT ?',
        [flow, after, SCAN_PAGE],
      );
      if (rows.length === 0) return;
      const page = rows.map(toLedger);
      yield page;
      after = rows[rows.length - 1]!.source_id as Uint8Array;
      if (rows.length < SCAN_PAGE) return;
    }
  }

  async countLedger(flow: string): Promise<number> {
    const [row] = await this.db.all('SELECT COUNT(*) AS n FROM ferry_ledger WHERE flow = ?', [flow]);
    return Number(row?.n ?? 0);
  }

  async pruneLedger(flow: string, syncedBefore: string): Promise<number> {
    // synced_at is stored as epoch milliseconds.
    return this.fenced([flow], () =>
      this.db.run('DELETE FROM ferry_ledger WHERE flow = ? AND synced_at < ?', [
        flow,
        encodeTime(syncedBefore),
      ]),
    );
  }

  async putEventIntent(intent: EventIntent): Promise<void> {
    await this.fenced([intent.flow], () => insertIntent(this.db, intent));
  }
  async deleteEventIntent(flow: string, page: string): Promise<void> {
    await this.fenced([flow], () => deleteIntent(this.db, flow, page));
  }
  listEventIntents(flow: string): Promise<readonly EventIntent[]> {
    return selectIntents(this.db, flow);
  }

  /** One dead letter per (flow, sourceId): a repeat failure updates it and counts the attempt. */
  async addDeadLetter(d: NewDeadLetter): Promise<void> {
    const now = iso();
    await this.fenced([d.flow], () => upsertDeadLetter(this.db, d, now));
  }

  listDeadLetters(flow?: string, opts: Omit<DeadLetterQuery, 'flow'> = {}): Promise<readonly DeadLetter[]> {
    return listLetters(this.db, { ...opts, flow });
  }

  async removeDeadLetter(id: number): Promise<void> {
    const [row] = await this.db.all('SELECT flow FROM ferry_dead_letters WHERE id = ?', [id]);
    await this.fenced(row ? [String(row.flow)] : [], () =>
      this.db.run('DELETE FROM ferry_dead_letters WHERE id = ?', [id]),
    );
  }

  countDeadLetters(flow?: string, opts: Pick<DeadLetterQuery, 'code' | 'state'> = {}): Promise<number> {
    return countLetters(this.db, { ...opts, flow });
  }

  async discardDeadLetters(sel: DiscardSelector, by: string, note: string): Promise<readonly DeadLetter[]> {
    const where = selectWhere(sel);
    if (where === null) return [];
    const chosen = (
      await this.db.all(`SELECT * FROM ferry_dead_letters WHERE ${where.sql} ORDER BY id`, where.params)
    ).map(toDeadLetter);
    if (chosen.length === 0) return [];
    const at = iso();
    // The rows chosen above, by id: a letter that failed again meanwhile is still live and stays so.
    const ids = chosen.map((d) => d.id);
    await this.fencedTx(
      chosen.map((d) => d.flow),
      async () => {
        for (const part of chunk(ids, IN_CHUNK))
          await this.db.run(
            `UPDATE ferry_dead_letters SET discarded_at = ?, discarded_by = ?, discard_note = ?
             WHERE discarded_at IS NULL AND id IN (${placeholders(part.length)})`,
            [at, scrub(by), scrub(note), ...part],
          );
      },
    );
    return chosen.map((d) => ({ ...d, discarded: { at, by: scrub(by), note: scrub(note) } }));
  }

  async startRun(flow: string, mode: string): Promise<number> {
    const [row] = await this.db.all(
      'INSERT INTO ferry_runs (flow, mode, started_at, counts) VALUES (?, ?, ?, ?) RETURNING id',
      [flow, mode, iso(), '{}'],
    );
    return Number(row?.id);
  }

  async endRun(id: number, counts: Readonly<Record<string, number>>, error: string | null): Promise<void> {
    await this.db.run('UPDATE ferry_runs SET ended_at = ?, counts = ?, error = ? WHERE id = ?', [
      iso(),
      JSON.stringify(counts),
      scrubOptional(error),
      id,
    ]);
  }

  async listRuns(flow: string, limit: number): Promise<readonly RunRecord[]> {
    const rows = await this.db.all('SELECT * FROM ferry_runs WHERE flow = ? ORDER BY id DESC LIMIT ?', [
      flow,
      limit,
    ]);
    return rows.map((r) => ({
      id: Number(r.id),
      flow: String(r.flow),
      mode: String(r.mode),
      startedAt: String(r.started_at),
      endedAt: r.ended_at === null ? null : String(r.ended_at),
      counts: JSON.parse(String(r.counts)) as Record<string, number>,
      error: r.error === null ? null : String(r.error),
    }));
  }

  async setStatus(flow: string, status: FlowStatus, detail?: string): Promise<void> {
    await this.fenced([flow], () =>
      this.db.run(
        'INSERT INTO ferry_flow_status (flow, status, detail, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (flow) DO UPDATE SET status = excluded.status, detail = excluded.detail, updated_at = excluded.updated_at',
        [flow, status, scrubOptional(detail ?? null), iso()],
      ),
    );
  }

  async getStatus(
    flow: string,
  ): Promise<{ status: FlowStatus; detail: string | null; updatedAt: string } | null> {
    const [r] = await this.db.all('SELECT status, detail, updated_at FROM ferry_flow_status WHERE flow = ?', [
      flow,
    ]);
    return r
      ? {
          status: String(r.status) as FlowStatus,
          detail: r.detail === null ? null : String(r.detail),
          updatedAt: String(r.updated_at),
        }
      : null;
  }

  async audit(e: OptoutAudit): Promise<void> {
    await this.fenced([e.flow], () =>
      this.db.run(
        'INSERT INTO ferry_optout_audit (flow, source_id, pair, dynamics_value, campaign_value, decided, winner, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          e.flow,
          e.sourceId,
          e.pair,
          dbBool(e.dynamicsValue),
          dbBool(e.campaignValue),
          e.decided ? 1 : 0,
          e.winner,
          e.reason,
          e.at,
        ],
      ),
    );
  }

  async listAudit(flow: string, limit: number): Promise<readonly OptoutAudit[]> {
    const rows = await this.db.all(
      'SELECT * FROM ferry_optout_audit WHERE flow = ? ORDER BY id DESC LIMIT ?',
      [flow, limit],
    );
    return rows.map(toOptoutAudit);
  }

  /** Re-adding the same (flow, sourceId, side, field) replaces value/reason and counts an attempt. */
  async addPendingOptout(p: Omit<PendingOptout, 'attempts'>): Promise<void> {
    await this.fenced([p.flow], () =>
      this.db.run(
        `INSERT INTO ferry_pending_optouts (flow, source_id, side, field, value, reason, attempts, since) VALUES (?, ?, ?, ?, ?, ?, 0, ?)
       ON CONFLICT (flow, source_id, side, field) DO UPDATE SET value = excluded.value, reason = excluded.reason,
       attempts = ferry_pending_optouts.attempts + 1`,
        [p.flow, p.sourceId, p.side, p.field, p.value ? 1 : 0, scrub(p.reason), iso()],
      ),
    );
  }

  async listPendingOptouts(flow: string): Promise<readonly PendingOptout[]> {
    const rows = await this.db.all(
      'SELECT * FROM ferry_pending_optouts WHERE flow = ? ORDER BY source_id, side, field',
      [flow],
    );
    return rows.map(toPendingOptout);
  }

  async resolvePendingOptout(
    flow: string,
    sourceId: string,
    side: PendingOptout['side'],
    field: string,
  ): Promise<void> {
    await this.fenced([flow], () =>
      this.db.run(
        'DELETE FROM ferry_pending_optouts WHERE flow = ? AND source_id = ? AND side = ? AND field = ?',
        [flow, sourceId, side, field],
      ),
    );
  }

  async getOptoutSeen(flow: string, keys: readonly string[]): Promise<readonly OptoutSeen[]> {
    const out: OptoutSeen[] = [];
    for (const ids of chunk([...new Set(keys)], IN_CHUNK)) {
      const rows = await this.db.all(
        `SELECT * FROM ferry_optout_seen WHERE flow = ? AND profile_key IN (${placeholders(ids.length)})`,
        [flow, ...ids],
      );
      for (const r of rows)
        out.push({
          flow: String(r.flow),
          key: String(r.profile_key),
          field: String(r.field),
          value: bool(r.value),
          since: String(r.since),
        });
    }
    return out;
  }

  async putOptoutSeen(entries: readonly OptoutSeen[]): Promise<void> {
    if (entries.length === 0) return;
    const unique = [...new Map(entries.map((e) => [`${e.flow}\u0000${e.key}\u0000${e.field}`, e])).values()];
    await this.fencedTx(
      unique.map((e) => e.flow),
      async () => {
        for (const part of chunk(unique, PUT_CHUNK)) {
          await this.db.run(
            `INSERT INTO ferry_optout_seen (flow, profile_key, field, value, since) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (flow, profile_key, field) DO UPDATE SET value = excluded.value, since = excluded.since`,
            part.flatMap((e) => [e.flow, e.key, e.field, dbBool(e.value), e.since]),
          );
        }
      },
    );
  }

  pausedFlow(flow: string): Promise<FlowPause | null> {
    return pauseOf(this.db, flow);
  }

  /** Pause a flow (null resumes it); an operator action, not fenced: no worker owns a pause. */
  setPaused(flow: string, pause: { actor: string; why: string | null } | null): Promise<void> {
    return setPause(this.db, flow, pause);
  }

  /** Audit one operator action. */
  recordAction(a: Omit<ActionRecord, 'id' | 'at'>): Promise<number> {
    return insertAction(this.db, a);
  }

  /** How an audited action that ran in the background ended. */
  finishAction(id: number, outcome: string): Promise<void> {
    return finishAction(this.db, id, outcome);
  }
}
