// The read models over an in-memory SQLite store: filters, paging, literal free text, trace by key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore, type SqlStateStore } from '../../runtime/state/index.ts';
import { actionLog, deadLetters, optoutAudit, runHistory, traceRecord } from '../../runtime/read/index.ts';

let s: SqlStateStore;
beforeAll(async () => {
  s = await openStateStore('sqlite::memory:', '.');
  const run = await s.startRun('contacts', 'incremental');
  for (let i = 0; i < 12; i++)
    await s.addDeadLetter({
      flow: i < 10 ? 'contacts' : 'vehicles',
      sourceId: `id-${i}`,
      payload: {},
      reason: i % 2 === 0 ? 'Invalid email address 100%' : 'parent-missing: link x',
      code: i % 2 === 0 ? 'FERRY_CAMPAIGN_REJECTED' : 'FERRY_PARENT_MISSING',
    });
  await s.putLedger([
    {
      flow: 'contacts',
      sourceId: 'id-0',
      targetKey: 'Ana@Example.com',
      hash: 'h',
      createdByFerry: true,
      matched: true,
      syncedAt: new Date().toISOString(),
    },
  ]);
  await s.audit({
    flow: 'optout',
    sourceId: 'id-0',
    pair: 'donotbulkemail/blackListEmail',
    dynamicsValue: true,
    campaignValue: false,
    decided: true,
    winner: 'dynamics',
    reason: 'newer',
    at: new Date().toISOString(),
  });
  await s.endRun(run, { read: 12 }, null);
  await s.recordAction({
    action: 'pause',
    flow: 'contacts',
    target: null,
    actor: 'ana',
    why: null,
    outcome: 'done',
  });
});
afterAll(async () => s?.close());

describe('read models', () => {
  it('dead letters filter by flow, code and literal text, page newest first, and give orphans a next retry', async () => {
    expect((await deadLetters(s.db, {})).total).toBe(12);
    expect((await deadLetters(s.db, { flow: 'vehicles' })).total).toBe(2);
    const orphans = await deadLetters(s.db, { code: 'FERRY_PARENT_MISSING' });
    expect(orphans.total).toBe(6);
    expect(orphans.rows.every((d) => d.nextRetryAt !== null)).toBe(true);
    expect((await deadLetters(s.db, { text: '100%' })).total).toBe(6); // % is a character, not a wildcard
    expect((await deadLetters(s.db, { text: '%' })).total).toBe(6);
    expect((await deadLetters(s.db, { text: 'ID-1' })).total).toBe(3); // id-1, id-10, id-11, case-insensitive
    const p2 = await deadLetters(s.db, { limit: 5, offset: 5 });
    expect(p2.rows.map((d) => d.sourceId)).toEqual(['id-6', 'id-5', 'id-4', 'id-3', 'id-2']);
    expect((await deadLetters(s.db, { limit: 100_000 })).limit).toBe(500);
  });

  it('run history, opt-out audit and the action log filter by flow', async () => {
    expect((await runHistory(s.db, { flow: 'contacts' })).rows[0]).toMatchObject({
      mode: 'incremental',
      counts: { read: 12 },
    });
    expect((await runHistory(s.db, { failed: true })).total).toBe(0);
    expect((await optoutAudit(s.db, { text: 'blacklist' })).total).toBe(1);
    expect((await actionLog(s.db, { flow: 'contacts' })).rows[0]).toMatchObject({
      actor: 'ana',
      action: 'pause',
    });
  });

  it('traces a Campaign key (any case) to the record: write, dead letter, opt-out decision and run', async () => {
    const t = await traceRecord(s.db, 'ana@example.COM');
    expect(t.sourceIds).toContain('id-0');
    expect(t.writes).toHaveLength(1);
    expect(t.deadLetters.map((d) => d.sourceId)).toEqual(['id-0']);
    expect(t.optoutAudit).toHaveLength(1);
    expect(t.runs.map((r) => r.flow)).toEqual(['contacts']);
    expect((await traceRecord(s.db, '  ')).sourceIds).toEqual([]);
  });

  it('traces an event whose page was sent but never committed, by event id and by Dynamics record', async () => {
    const eventId = 'evt-"9`${x}*/';
    const run = await s.startRun('email-events', 'incremental');
    await s.putEventIntent({
      flow: 'email-events',
      page: 'p-1',
      syncedAt: new Date().toISOString(),
      writes: [
        { sourceId: eventId, targetKey: 'emails(k1)' },
        { sourceId: 'evt-other', targetKey: 'emails(k2)' },
      ],
    });
    const t = await traceRecord(s.db, eventId);
    expect(t.uncommitted).toEqual([
      expect.objectContaining({ flow: 'email-events', sourceId: eventId, targetKey: 'emails(k1)' }),
    ]);
    expect(t.runs.map((r) => r.id)).toContain(run);
    expect((await traceRecord(s.db, 'emails(k2)')).uncommitted.map((u) => u.sourceId)).toEqual(['evt-other']);
    await s.deleteEventIntent('email-events', 'p-1');
    expect((await traceRecord(s.db, eventId)).uncommitted).toEqual([]);
  });
});
