// Adobe's opt-out conflict rule compares Dynamics' record-level time with Campaign's ATTRIBUTE-level time. Campaign only exposes the
// record's lastModified, so ferry dates each opt-out field by its own observations (ferry_optout_seen).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropFerryTables } from '../support/pg-reset.ts';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Flow, Json } from '../../runtime/contract.ts';
import { Engine } from '../../runtime/engine/engine.ts';
import { openStateStore } from '../../runtime/state/index.ts';
import type { StateStore } from '../../runtime/state/port.ts';
import { guid } from './fakes/dynamics.ts';
import { optoutFlow, profileTarget } from './fakes/flows.ts';
import { harness, type Harness } from './fakes/harness.ts';

const P = profileTarget.path;
const ID = guid(7);
let h: Harness | undefined;
let extra: StateStore | undefined;
afterEach(async () => {
  await extra?.close();
  await h?.state.close();
  extra = undefined;
  h = undefined;
});

const dyn = (x: Harness): unknown => x.dynamics.tables.get('contacts')?.rows.get(ID)?.['donotbulkemail'];
const cmp = (x: Harness): unknown => x.campaign.all(P).find((r) => r['externalId'] === ID)?.['denyListEmail'];
const second = (x: Harness): void => x.clock.advance(1000);

/** A Campaign-side edit made by a user (not ferry): moves the record's lastModified. */
async function campaignEdit(x: Harness, body: Record<string, Json>): Promise<void> {
  const rec = x.campaign.all(P).find((r) => r['externalId'] === ID);
  if (rec === undefined) throw new Error('profile missing');
  await x.campaign.update(rec, body);
}

/** Contact and profile agree on `value`; the first run (full listing) remembers it. */
async function synced(x: Harness, value: boolean): Promise<Engine> {
  x.dynamics.put('contacts', 'contactid', { contactid: ID, donotbulkemail: value });
  second(x);
  x.campaign.seed(P, { externalId: ID, firstName: 'Ann', denyListEmail: value });
  second(x);
  const engine = x.engine([optoutFlow()]);
  expect((await engine.runOnce({ mode: 'incremental' })).ok).toBe(true);
  expect([dyn(x), cmp(x)]).toEqual([value, value]);
  second(x);
  return engine;
}

/** Moves the fake clock to `ms` past the next whole second. */
function toNextSecond(x: Harness, ms: number): void {
  const t = x.clock.now().getTime() + 1;
  x.clock.advance(Math.ceil(t / 1000) * 1000 + 1000 + ms - t);
}

describe('opt-out: Campaign attribute-level change time (conflict rule)', () => {
  for (const mode of ['incremental', 'replay'] as const) {
    it(`an unrelated Campaign edit after a Dynamics opt-out does not let Campaign's older false clear it (${mode})`, async () => {
      h = await harness();
      const engine = await synced(h, false);
      h.dynamics.put('contacts', 'contactid', { contactid: ID, donotbulkemail: true }); // the person opts out in Dynamics
      second(h);
      await campaignEdit(h, { firstName: 'Anna' }); // record-level lastModified is now newer than the opt-out
      second(h);
      await engine.runOnce({ mode });
      expect([dyn(h), cmp(h)]).toEqual([true, true]);
      const audit = await h.state.listAudit('optout', 1);
      expect(audit[0]).toMatchObject({
        sourceId: ID,
        dynamicsValue: true,
        campaignValue: false,
        decided: true,
        winner: 'dynamics',
      });
    });
  }

  it('a genuine Campaign opt-in after the Dynamics opt-out still wins under adobe, also over a value ferry wrote', async () => {
    h = await harness();
    const engine = await synced(h, false);
    h.dynamics.put('contacts', 'contactid', { contactid: ID, donotbulkemail: true });
    second(h);
    await engine.runOnce({ mode: 'incremental' }); // ferry writes Campaign true and remembers it
    expect([dyn(h), cmp(h)]).toEqual([true, true]);
    second(h);
    await campaignEdit(h, { denyListEmail: false }); // the person opts back in, in Campaign, later
    second(h);
    await campaignEdit(h, { firstName: 'Anna' });
    second(h);
    await engine.runOnce({ mode: 'incremental' });
    expect([dyn(h), cmp(h)]).toEqual([false, false]);
    expect((await h.state.listAudit('optout', 1))[0]).toMatchObject({
      decided: false,
      winner: 'campaign',
      reason: 'Campaign change is newer',
    });
  });

  it('edits in the same second tie (Dynamics has whole seconds): opt-out = true wins; a second later Campaign wins', async () => {
    h = await harness();
    const engine = await synced(h, true);
    toNextSecond(h, 100);
    h.dynamics.put('contacts', 'contactid', { contactid: ID, lastname: 'Edited' }); // record-level: S.100
    h.clock.advance(500);
    await campaignEdit(h, { denyListEmail: false }); // attribute-level: S.601, same second
    second(h);
    await engine.runOnce({ mode: 'incremental' });
    expect([dyn(h), cmp(h)]).toEqual([true, true]);
    expect((await h.state.listAudit('optout', 1))[0]).toMatchObject({
      decided: true,
      reason: 'Dynamics newer or tie: opt-out wins',
    });

    // Control: the same opt-in one second after the Dynamics edit is newer and wins.
    toNextSecond(h, 900);
    h.dynamics.put('contacts', 'contactid', { contactid: ID, lastname: 'Edited again' });
    h.clock.advance(200);
    await campaignEdit(h, { denyListEmail: false });
    second(h);
    await engine.runOnce({ mode: 'incremental' });
    expect([dyn(h), cmp(h)]).toEqual([false, false]);
  });

  it('a pending Campaign write that succeeds later is remembered like any ferry write', async () => {
    h = await harness();
    const engine = await synced(h, false);
    h.dynamics.put('contacts', 'contactid', { contactid: ID, donotbulkemail: true });
    second(h);
    h.campaign.failWrite = (op) => (op === 'update' ? { status: 400, message: 'profile locked' } : null);
    await engine.runOnce({ mode: 'incremental' });
    expect(await h.state.getOptoutSeen?.('optout', [ID])).toEqual([
      expect.objectContaining({ value: false }),
    ]);
    h.campaign.failWrite = null;
    const lastModified = (): string =>
      String(h?.campaign.all(P).find((r) => r['externalId'] === ID)?.['lastModified']).replace(' ', 'T');
    const beforeWrite = lastModified();
    await engine.runOnce({ mode: 'incremental' });
    expect([dyn(h), cmp(h)]).toEqual([true, true]);
    expect(await h.state.listPendingOptouts('optout')).toEqual([]);
    // Dated by the record read just before the write, not by the write's own (later) lastModified.
    expect(lastModified()).not.toBe(beforeWrite);
    expect(await h.state.getOptoutSeen?.('optout', [ID])).toEqual([
      expect.objectContaining({ value: true, since: beforeWrite }),
    ]);
  });

  it('one-way directions remember nothing (only `both` compares times)', async () => {
    h = await harness();
    h.dynamics.put('contacts', 'contactid', { contactid: ID, donotbulkemail: true });
    h.campaign.seed(P, { externalId: ID, denyListEmail: false });
    await h.engine([optoutFlow({ direction: 'to-campaign' })]).runOnce({ mode: 'incremental' });
    expect(cmp(h)).toBe(true);
    expect(await h.state.getOptoutSeen?.('optout', [ID])).toEqual([]);
  });
});

/** The same fakes on a new state store: a worker restart. */
function restarted(x: Harness, state: StateStore, flows: readonly Flow[]): Engine {
  return new Engine({
    bundle: { tenant: 'test', compilerVersion: 'test', flows },
    manifest: null,
    dynamics: x.dynamics,
    campaign: x.campaign,
    journal: x.journal,
    state,
    options: { concurrency: 4 },
  });
}

async function restartScenario(url: string): Promise<void> {
  h = await harness(url);
  await synced(h, false);
  const seen = await h.state.getOptoutSeen?.('optout', [ID]);
  expect(seen).toEqual([
    expect.objectContaining({ flow: 'optout', key: ID, field: 'denyListEmail', value: false }),
  ]);
  await h.state.close();

  h.dynamics.put('contacts', 'contactid', { contactid: ID, donotbulkemail: true });
  second(h);
  await campaignEdit(h, { firstName: 'Anna' });
  second(h);
  extra = await openStateStore(url, process.cwd());
  expect(await extra.getOptoutSeen?.('optout', [ID])).toEqual(seen);
  await restarted(h, extra, [optoutFlow()]).runOnce({ mode: 'incremental' });
  expect([dyn(h), cmp(h)]).toEqual([true, true]);
  // The value ferry wrote is remembered too, dated no later than the write.
  const after = await extra.getOptoutSeen?.('optout', [ID]);
  expect(after).toEqual([expect.objectContaining({ value: true })]);
  h = { ...h, state: extra };
  extra = undefined;
}

describe('opt-out: remembered values survive a restart', () => {
  it('on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-optout-seen-'));
    try {
      await restartScenario(`sqlite:${join(dir, 'state.db')}`);
    } finally {
      await h?.state.close();
      h = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const pgUrl = process.env['FERRY_TEST_POSTGRES_URL'];
  const drop = async (): Promise<void> => {
    if (pgUrl !== undefined) await dropFerryTables(pgUrl);
  };
  afterAll(async () => {
    if (pgUrl !== undefined) await drop();
  });
  it.skipIf(pgUrl === undefined)('on PostgreSQL (FERRY_TEST_POSTGRES_URL)', async () => {
    await drop();
    await restartScenario(pgUrl as string);
  });
});
