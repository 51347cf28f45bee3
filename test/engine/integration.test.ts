// The engine over real HTTP: compiled sandbox bundle + real connectors + emulators (port 0) + SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import type { EntityFlow } from '../../runtime/contract.ts';
import type { Runtime } from '../../runtime/index.ts';
import { compileSandbox, sandboxRuntime } from './integration/setup.ts';

let sb: Sandbox;
let rt: Runtime;
let preexisting: Map<string, Record<string, unknown>>;

const profiles = () => [...sb.campaign.store.table('profile').scan()];
const activities = (entity: string) => [...(sb.dynamics.store.table(entity)?.rows.values() ?? [])];
const journalEvents = () => {
  const r = sb.journal.journal.read(null, 1_000_000);
  return r.kind === 'events' ? r.records.map((x) => x.event) : [];
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

beforeAll(async () => {
  const bundleDir = await compileSandbox();
  sb = await startSandbox({ contacts: 150, seed: 7 });
  preexisting = new Map(profiles().map((p) => [p.pkey, { ...p.fields }]));
  rt = await sandboxRuntime(sb.info, bundleDir, 'sqlite::memory:');
});
afterAll(async () => {
  await rt?.close();
  await sb?.close();
});

describe('engine against the emulators over HTTP', () => {
  it('first run: one profile per synced contact, records ferry did not create untouched, then quiet', async () => {
    const r1 = await rt.runOnce({ mode: 'incremental' });
    expect(r1.flows.map((f) => [f.flow, f.outcome])).toEqual(rt.bundle.flows.map((f) => [f.name, 'ok']));
    const contacts = r1.flows.find((f) => f.flow === 'contacts');
    expect(contacts?.counts['created']).toBeGreaterThan(50);
    // No duplicate by externalId, ever.
    const ids = profiles()
      .map((p) => p.fields['externalId'])
      .filter((x) => typeof x === 'string');
    expect(new Set(ids).size).toBe(ids.length);
    // Every profile ferry did not create keeps its mapped (non opt-out) fields.
    for (const [pkey, before] of preexisting) {
      const now = sb.campaign.store.table('profile').get(pkey)?.fields;
      for (const f of ['email', 'firstName', 'lastName', 'phone', 'birthDate'])
        expect(now?.[f]).toEqual(before[f]);
    }
    // Opt-out writes on run 1 cause deltas; after they settle, a run costs no engine call.
    await rt.runOnce({ mode: 'incremental' });
    const r3 = await rt.runOnce({ mode: 'incremental' });
    expect(r3.flows.map((f) => f.counts['engineCalls'])).toEqual(r3.flows.map(() => 0));
    expect(r3.flows.reduce((n, f) => n + (f.counts['created'] ?? 0) + (f.counts['updated'] ?? 0), 0)).toBe(0);
  });

  it('a Dynamics edit becomes one PATCH of the changed field (2 engine calls)', async () => {
    const flow = rt.bundle.flows.find((f): f is EntityFlow => f.name === 'contacts' && f.kind === 'entity');
    const own = profiles().find(
      (p) => !preexisting.has(p.pkey) && typeof p.fields['externalId'] === 'string',
    );
    const id = String(own?.fields['externalId']);
    expect(flow).toBeDefined();
    sb.dynamics.store.upsert('contact', { contactid: id, lastname: 'Integration' });
    const r = await rt.runOnce({ mode: 'incremental', flows: ['contacts'] });
    expect(r.flows[0]?.counts).toMatchObject({ read: 1, updated: 1, engineCalls: 2 });
    expect(sb.campaign.store.table('profile').find('externalId', id)[0]?.fields['lastName']).toBe(
      'Integration',
    );
  });

  it('email events: one activity per event, replay updates instead of duplicating', async () => {
    const events = journalEvents().filter(
      (e) => GUID.test(e.profile.externalId) && (e.type !== 'bounce' || e.bounce?.type === 'hard'),
    );
    expect(events.length).toBeGreaterThan(10);
    const byType = (t: string) => activities(`ferry_email${t}`);
    const count = () => ['send', 'open', 'click', 'bounce'].reduce((n, t) => n + byType(t).length, 0);
    expect(count()).toBe(events.length);
    for (const t of ['send', 'open', 'click', 'bounce']) {
      const keys = byType(t).map((r) => r['ferry_eventid']);
      expect(new Set(keys).size).toBe(keys.length);
    }
    const tasks = activities('task').length;
    expect(tasks).toBe(events.filter((e) => e.type === 'click').length);
    const r = await rt.runOnce({ mode: 'replay', flows: ['email-events'] });
    expect(r.flows[0]?.outcome).toBe('ok');
    expect(count()).toBe(events.length);
    expect(activities('task')).toHaveLength(tasks);
  });

  it('a Campaign opt-out reaches Dynamics and is audited', async () => {
    const own = profiles().find(
      (p) =>
        !preexisting.has(p.pkey) &&
        p.fields['denyListEmail'] !== true &&
        typeof p.fields['externalId'] === 'string',
    );
    if (own === undefined) throw new Error('no profile to opt out');
    const id = String(own.fields['externalId']);
    sb.campaign.store.patch('profile', own, { denyListEmail: true });
    const r = await rt.runOnce({ mode: 'incremental', flows: ['optout'] });
    expect(r.flows[0]?.outcome).toBe('ok');
    expect(sb.dynamics.store.get('contact', id)?.['donotbulkemail']).toBe(true);
    const audit = await rt.state.listAudit('optout', 50);
    expect(audit.find((a) => a.sourceId === id && a.pair.startsWith('donotbulkemail'))).toMatchObject({
      decided: true,
      winner: 'campaign',
    });
  });

  it('an expired delta token (400 0x80044352) triggers a full re-read that writes only differences', async () => {
    await rt.runOnce({ mode: 'incremental', flows: ['contacts'] });
    const own = profiles().filter(
      (p) => !preexisting.has(p.pkey) && typeof p.fields['externalId'] === 'string',
    );
    const [edit, gone] = own.map((p) => String(p.fields['externalId']));
    if (edit === undefined || gone === undefined) throw new Error('need two ferry-created profiles');
    sb.dynamics.setDeltaTokenMaxAge(1);
    await new Promise((r) => setTimeout(r, 20));
    sb.dynamics.store.upsert('contact', { contactid: edit, lastname: 'AfterExpiry' });
    sb.dynamics.store.delete('contact', gone);
    try {
      const r = await rt.runOnce({ mode: 'incremental', flows: ['contacts'] });
      expect(r.flows[0]?.outcome).toBe('ok');
      expect(r.flows[0]?.counts).toMatchObject({ updated: 1, deleted: 1, created: 0, engineCalls: 3 });
      expect(r.flows[0]?.counts['read']).toBe(sb.dynamics.store.count('contact'));
      expect(sb.campaign.store.table('profile').find('externalId', edit)[0]?.fields['lastName']).toBe(
        'AfterExpiry',
      );
      expect(sb.campaign.store.table('profile').find('externalId', gone)).toEqual([]);
    } finally {
      sb.dynamics.setDeltaTokenMaxAge(7 * 24 * 3600 * 1000);
    }
  });
});
