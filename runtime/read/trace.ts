// Record trace: everything ferry did for one Dynamics id, Campaign key or event id.
import type { ActionRecord, LedgerEntry, PendingOptout } from '../state/port.ts';
import type { SqlDriver } from '../state/driver.ts';
import { decodeId, encodeId, toLedger } from '../state/ledger-codec.ts';
import { toPendingOptout } from '../state/optout-rows.ts';
import { placeholders } from '../state/driver.ts';
import { toDeadLetter } from '../state/dead-letters.ts';
import { toAction } from '../state/actions.ts';
import { selectIntents } from '../state/event-intents.ts';
import { toAudit, type AuditRow } from './audit.ts';
import { toLetterRow, type LetterRow } from './letters.ts';
import { runsAt, type RunRow } from './runs.ts';

export interface RecordTrace {
  readonly query: string;
  /** Every source id the query stands for (a Campaign key resolves to the Dynamics ids written under it). */
  readonly sourceIds: readonly string[];
  /** What ferry last wrote for the record, per flow. */
  readonly writes: readonly LedgerEntry[];
  readonly deadLetters: readonly LetterRow[];
  readonly optoutAudit: readonly AuditRow[];
  readonly pendingOptouts: readonly PendingOptout[];
  /**
   * Event writes sent by a run that ended before committing them: the flow's next run writes them again
   * (upserts by key, never duplicated) and then records them under `writes`.
   */
  readonly uncommitted: readonly UncommittedWrite[];
  /** Operator actions on its dead letters. */
  readonly actions: readonly ActionRecord[];
  /** The runs during which it was written, failed or decided. */
  readonly runs: readonly RunRow[];
}

export interface UncommittedWrite {
  readonly flow: string;
  readonly sourceId: string;
  /** The Dynamics record the write went to: entity set and key. */
  readonly targetKey: string;
  readonly sentAt: string;
}

const MAX_IDS = 200;
/** A GUID typed or pasted in upper case still finds its ledger row (ids are stored lower case, in binary). */
const GUID_ANY_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function traceRecord(db: SqlDriver, query: string): Promise<RecordTrace> {
  const q = query.trim();
  const empty = {
    writes: [],
    uncommitted: [],
    deadLetters: [],
    optoutAudit: [],
    pendingOptouts: [],
    actions: [],
    runs: [],
  };
  if (q === '') return { query: q, sourceIds: [], ...empty };
  // Campaign keys are matched case-insensitively (emails); ids exactly.
  const keyed = await db.all(
    'SELECT DISTINCT source_id, target_key FROM ferry_ledger WHERE source_id = ? OR LOWER(target_key) = LOWER(?) LIMIT ?',
    [encodeId(GUID_ANY_CASE.test(q) ? q.toLowerCase() : q), q, MAX_IDS],
  );
  // The ledger stores ids in binary and the target key only when it differs from the source id.
  const ids = [
    ...new Set([
      q,
      ...keyed.flatMap((r) => {
        const id = decodeId(r.source_id as Uint8Array);
        return r.target_key === null || r.target_key === undefined ? [id] : [id, String(r.target_key)];
      }),
    ]),
  ];
  const inIds = `source_id IN (${placeholders(ids.length)})`;
  const writes = (
    await db.all(`SELECT * FROM ferry_ledger WHERE ${inIds} ORDER BY flow`, ids.map(encodeId))
  ).map(toLedger);
  const uncommitted = await uncommittedWrites(db, new Set(ids));
  const letters = (await db.all(`SELECT * FROM ferry_dead_letters WHERE ${inIds} ORDER BY id`, ids)).map(
    toDeadLetter,
  );
  const audits = (await db.all(`SELECT * FROM ferry_optout_audit WHERE ${inIds} ORDER BY id DESC`, ids)).map(
    toAudit,
  );
  const pending = await db.all(`SELECT * FROM ferry_pending_optouts WHERE ${inIds}`, ids);
  const letterIds = letters.map((d) => String(d.id));
  const actions =
    letterIds.length === 0
      ? []
      : (
          await db.all(
            `SELECT * FROM ferry_actions WHERE target IN (${placeholders(letterIds.length)}) ORDER BY id DESC`,
            letterIds,
          )
        ).map(toAction);
  // When it happened, per flow: the runs holding those moments.
  const moments = new Map<string, string[]>();
  const at = (flow: string, t: string) => moments.set(flow, [...(moments.get(flow) ?? []), t]);
  for (const w of writes) at(w.flow, w.syncedAt);
  for (const u of uncommitted) at(u.flow, u.sentAt);
  for (const d of letters) {
    at(d.flow, d.createdAt);
    at(d.flow, d.lastAttemptAt);
  }
  for (const a of audits) at(a.flow, a.at);
  const runs: RunRow[] = [];
  for (const [flow, ts] of moments) runs.push(...(await runsAt(db, flow, ts)));
  return {
    query: q,
    sourceIds: ids,
    writes,
    uncommitted,
    deadLetters: letters.map(toLetterRow),
    optoutAudit: audits,
    pendingOptouts: pending.map(toPendingOptout),
    actions,
    runs: runs.sort((a, b) => b.id - a.id),
  };
}

/** Intent records exist only for pages sent and not committed (a crash, a kill): few, so all are read. */
async function uncommittedWrites(db: SqlDriver, ids: ReadonlySet<string>): Promise<UncommittedWrite[]> {
  const out: UncommittedWrite[] = [];
  const flows = await db.all('SELECT DISTINCT flow FROM ferry_event_intents ORDER BY flow', []);
  for (const f of flows)
    for (const i of await selectIntents(db, String(f.flow)))
      for (const w of i.writes)
        if (ids.has(w.sourceId) || ids.has(w.targetKey))
          out.push({ flow: i.flow, sourceId: w.sourceId, targetKey: w.targetKey, sentAt: i.syncedAt });
  return out;
}
