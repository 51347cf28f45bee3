// Crash safety: a child process syncs against emulators owned by this process and is SIGKILLed at
// random points several times, then resumes to completion. Nothing may be lost or duplicated.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { loadBundle } from '../../runtime/index.ts';
import type { EntityFlow, Json } from '../../runtime/contract.ts';
import { openStateStore } from '../../runtime/state/index.ts';
import { compileSandbox, ROOT } from './integration/setup.ts';

const FLOWS = 'contacts,email-events,optout';
const CHILD = path.join(ROOT, 'test/engine/integration/crash-child.ts');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let sb: Sandbox;
let bundleDir: string;
let stateFile: string;

beforeAll(async () => {
  bundleDir = await compileSandbox();
  stateFile = path.join(await mkdtemp(path.join(tmpdir(), 'ferry-g-crash-')), 'state.db');
  sb = await startSandbox({ contacts: 1200, seed: 11 });
});
afterAll(async () => sb?.close());

/**
 * Runs the child; SIGKILLs it as soon as `killWhen()` holds (polled every 5 ms once the child is
 * ready), or after `maxMs`. The emulators live in this process, so triggers see the child's writes.
 */
function child(
  killWhen: (() => boolean) | null,
  maxMs = 20_000,
): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: {
        ...process.env,
        FERRY_G_INFO: JSON.stringify(sb.info),
        FERRY_G_BUNDLE: bundleDir,
        FERRY_G_STATE: stateFile,
        FERRY_G_FLOWS: FLOWS,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let poll: NodeJS.Timeout | null = null;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (poll !== null || killWhen === null || !out.includes('ready\n')) return;
      const deadline = Date.now() + maxMs;
      poll = setInterval(() => {
        if (killWhen() || Date.now() > deadline) p.kill('SIGKILL');
      }, 5);
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code, signal) => {
      if (poll !== null) clearInterval(poll);
      resolve({ code, signal, out, err });
    });
  });
}

const profiles = () => [...sb.campaign.store.table('profile').scan()];
const profileOf = (id: string) => sb.campaign.store.table('profile').find('externalId', id);

describe('crash and resume', () => {
  it('survives repeated SIGKILLs: no duplicate profile or activity, no opt-out lost or reverted', async () => {
    const contacts = [...(sb.dynamics.store.table('contact')?.rows.values() ?? [])];
    const linked = contacts.filter((c) => profileOf(String(c['contactid'])).length === 1);
    // Opt-outs made before the sync: 15 in Dynamics, 15 in Campaign (both newer than the other side).
    const dynOptouts = contacts
      .filter((c) => c['donotbulkemail'] !== true)
      .slice(0, 15)
      .map((c) => String(c['contactid']));
    for (const id of dynOptouts) sb.dynamics.store.upsert('contact', { contactid: id, donotbulkemail: true });
    const cmpOptouts = linked
      .filter((c) => !dynOptouts.includes(String(c['contactid'])))
      .slice(0, 15)
      .map((c) => String(c['contactid']));
    for (const id of cmpOptouts) {
      const row = profileOf(id)[0];
      if (row) sb.campaign.store.patch('profile', row, { denyListEmail: true });
    }

    const before = profiles().length;
    const activityRows = () =>
      ['send', 'open', 'click', 'bounce'].reduce(
        (n, t) => n + (sb.dynamics.store.table(`ferry_email${t}`)?.rows.size ?? 0),
        0,
      );
    const progress: number[] = [];
    const kill = async (label: string, when: () => boolean): Promise<void> => {
      const r = await child(when);
      if (r.signal !== 'SIGKILL')
        throw new Error(
          `child ended before the kill (${label}): code ${String(r.code)} ${r.err.slice(-2000)}`,
        );
      progress.push(profiles().length - before);
    };
    // Kill points inside each flow: mid initial load (twice), mid events batch, mid opt-out writes.
    const p0 = profiles().length;
    await kill('contacts 1', () => profiles().length > p0 + 120);
    const p1 = profiles().length;
    await kill('contacts 2', () => profiles().length > p1 + 200);
    // More Campaign opt-outs arrive while ferry is down.
    for (const c of linked.slice(40, 45)) {
      const row = profileOf(String(c['contactid']))[0];
      if (row) sb.campaign.store.patch('profile', row, { denyListEmail: true });
      cmpOptouts.push(String(c['contactid']));
    }
    await kill('events', () => activityRows() > 0);
    // Opt-out writes to Campaign happen per profile, so this lands inside the opt-out flow.
    const optedOut = () => profiles().filter((p) => p.fields['denyListEmail'] === true).length;
    const o = optedOut();
    await kill('opt-outs', () => optedOut() > o + 3);
    const final = await child(null);
    expect(final.code, final.err.slice(-2000)).toBe(0);
    const report = JSON.parse(final.out.trim().split('\n').pop() ?? '{}') as {
      flows: { flow: string; outcome: string }[];
    };
    expect(report.flows.map((f) => f.outcome)).toEqual(['ok', 'ok', 'ok']);

    // Profiles: no duplicates by externalId; every matching contact has one, unless dead-lettered.
    const ext = profiles()
      .map((p) => p.fields['externalId'])
      .filter((x): x is string => typeof x === 'string');
    expect(new Set(ext).size).toBe(ext.length);
    const { bundle } = await loadBundle(bundleDir);
    const flow = bundle.flows.find((f): f is EntityFlow => f.kind === 'entity' && f.name === 'contacts');
    if (flow === undefined) throw new Error('contacts flow missing');
    const state = await openStateStore(`sqlite:${stateFile}`, ROOT);
    const letters = await state.listDeadLetters('contacts');
    // Only bad source data is dead-lettered, never a crash artefact (e.g. a duplicate-key refusal).
    expect(letters.filter((d) => !/Invalid email/.test(d.reason)).map((d) => d.reason)).toEqual([]);
    const dead = new Set(letters.map((d) => d.sourceId));
    const missing = contacts.filter(
      (c) =>
        flow.matches(c) &&
        !dead.has(String(c['contactid'])) &&
        profileOf(String(c['contactid'])).length !== 1,
    );
    expect(missing.map((c) => c['contactid'])).toEqual([]);
    expect(await state.countLedger('contacts')).toBeGreaterThan(500);

    // Activities: exactly one per forwarded event, tasks one per click.
    const r = sb.journal.journal.read(null, 1_000_000);
    const events = r.kind === 'events' ? r.records.map((x) => x.event) : [];
    const forwarded = events.filter(
      (e) => GUID.test(e.profile.externalId) && (e.type !== 'bounce' || e.bounce?.type === 'hard'),
    );
    let activities = 0;
    for (const t of ['send', 'open', 'click', 'bounce']) {
      const keys = [...(sb.dynamics.store.table(`ferry_email${t}`)?.rows.values() ?? [])].map(
        (x) => x['ferry_eventid'] as Json,
      );
      expect(new Set(keys).size).toBe(keys.length);
      activities += keys.length;
    }
    expect(activities).toBe(forwarded.length);
    expect(sb.dynamics.store.table('task')?.rows.size).toBe(
      forwarded.filter((e) => e.type === 'click').length,
    );

    // Opt-outs: every one made on either side is true on both sides now; none pending.
    for (const id of [...dynOptouts, ...cmpOptouts]) {
      expect(sb.dynamics.store.get('contact', id)?.['donotbulkemail'], `contact ${id}`).toBe(true);
      for (const p of profileOf(id)) expect(p.fields['denyListEmail'], `profile ${id}`).toBe(true);
    }
    expect(await state.listPendingOptouts('optout')).toEqual([]);
    await state.close();
    // The first kills landed mid initial load.
    const created = profiles().length - before;
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress[1]).toBeLessThan(created);
  });
});
