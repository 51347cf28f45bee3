// Migration 8: one intent record per events page instead of one empty-hash ledger row per first write. The
// record lists the page's first writes (source id, target key) and is deleted by the page's commit; a record
// still there means the page was sent but never committed.
import { StateError } from '../../core/errors.ts';
import type { SqlDriver } from './driver.ts';
import { encodeTime } from './ledger-codec.ts';
import type { EventIntent } from './port.ts';

export const EVENT_INTENTS_SQL = `
CREATE TABLE ferry_event_intents (flow TEXT NOT NULL, page TEXT NOT NULL, synced_at BIGINT NOT NULL, writes TEXT NOT NULL,
  PRIMARY KEY (flow, page));
`;

export async function insertIntent(db: SqlDriver, i: EventIntent): Promise<void> {
  // Flat [sourceId, targetKey, …]: one short JSON text per page, whatever the ids contain.
  const flat: string[] = [];
  for (const w of i.writes) flat.push(w.sourceId, w.targetKey);
  await db.run('INSERT INTO ferry_event_intents (flow, page, synced_at, writes) VALUES (?, ?, ?, ?)', [
    i.flow,
    i.page,
    encodeTime(i.syncedAt),
    JSON.stringify(flat),
  ]);
}

export async function deleteIntent(db: SqlDriver, flow: string, page: string): Promise<void> {
  await db.run('DELETE FROM ferry_event_intents WHERE flow = ? AND page = ?', [flow, page]);
}

export async function selectIntents(db: SqlDriver, flow: string): Promise<EventIntent[]> {
  const rows = await db.all(
    'SELECT page, synced_at, writes FROM ferry_event_intents WHERE flow = ? ORDER BY synced_at, page',
    [flow],
  );
  return rows.map((r) => ({
    flow,
    page: String(r.page),
    syncedAt: new Date(Number(r.synced_at)).toISOString(),
    writes: pairs(flow, String(r.page), String(r.writes)),
  }));
}

function pairs(flow: string, page: string, text: string): { sourceId: string; targetKey: string }[] {
  const flat: unknown = JSON.parse(text);
  if (!Array.isArray(flat) || flat.length % 2 !== 0 || !flat.every((x) => typeof x === 'string'))
    throw new StateError(
      'FERRY_STATE_EVENT_INTENT',
      `events page intent ${page} of flow ${flow} is unreadable`,
    );
  const out: { sourceId: string; targetKey: string }[] = [];
  for (let i = 0; i < flat.length; i += 2)
    out.push({ sourceId: flat[i] as string, targetKey: flat[i + 1] as string });
  return out;
}
