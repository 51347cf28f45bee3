// `ferry start` end to end in-process: a clean run verifies (exit 0); tampering after the sync makes it fail (exit 1).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { CliIo } from '../../cli/context.ts';
import { runStart } from '../../cli/start/demo.ts';
import type { DemoEnv } from '../../cli/start/environment.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function capture(): { io: CliIo; text: () => string } {
  const lines: string[] = [];
  return {
    io: { out: (s) => void lines.push(s), err: (s) => void lines.push(s), color: false },
    text: () => lines.join('\n'),
  };
}

describe('ferry start', () => {
  it('syncs the sandbox twice and verifies both systems', async () => {
    const { io, text } = capture();
    const code = await main(['start', '--contacts', '300', '--root', ROOT], io);
    const out = text();
    expect(out).toMatch(
      /^compiled tenants\/sandbox .* 5 flows \(contacts, vehicles, service-visits, email-events, optout\)/m,
    );
    expect(out).toMatch(/^pass 1: initial load, all flows \(/m);
    expect(out).toMatch(/^pass 2: incremental \(/m);
    expect(out).toMatch(/^contacts\s+ok\s+300\s+\d+/m);
    for (const line of [
      /^✓ contacts: each contact mirrored once as profile .*: \d+$/m,
      /^✓ vehicles: each ferry_vehicle mirrored once as cusVehicle .*links\): \d+$/m,
      /^✓ service-visits: each ferry_servicevisit mirrored once .*: \d+$/m,
      /^✓ profile: pre-existing records with externalId not modified by ferry.*: \d+$/m,
      /^✓ profile: records without externalId untouched: \d+$/m,
      /^✓ email-events: each send\/open\/click\/bounce event is one activity .*: \d+$/m,
      /^✓ email-events: soft bounces and events of profiles without externalId not written: \d+$/m,
      /^✓ optout: after the incremental pass: .* as the adobe rule decides: \d+$/m,
      /^✓ dead letters: only the expected hostile records, each with its reason: \d+$/m,
    ])
      expect(out).toMatch(line);
    expect(out).not.toContain('✗');
    expect(out).toMatch(/^verified: Dynamics and Campaign hold what the mappings say/m);
    expect(code).toBe(0);
    // Cleaned up: the temp folder with the bundle and the state file is gone.
    const bundle = /→ (\S+)\/bundle:/.exec(out)?.[1];
    expect(bundle).toMatch(/ferry-start-/);
    expect(existsSync(bundle ?? '')).toBe(false);
  }, 30_000);

  it('reports tampered records and exits 1', async () => {
    const { io, text } = capture();
    const tamper = (env: DemoEnv): void => {
      const cs = env.sandbox.campaign.store;
      const profiles = [...cs.table('profile').scan()];
      // The newest profile was created by ferry; the first one with an externalId was seeded before ferry ran.
      const own = profiles[profiles.length - 1];
      const foreign = profiles.find((p) => typeof p.fields['externalId'] === 'string');
      if (own === undefined || foreign === undefined) throw new Error('no profiles to tamper with');
      cs.patch('profile', own, { lastName: 'Tampered' });
      cs.patch('profile', foreign, { firstName: 'Tampered' });
      const withOptout = profiles.find(
        (p) =>
          p !== own &&
          p !== foreign &&
          typeof p.fields['externalId'] === 'string' &&
          p.fields['denyList'] === false,
      );
      if (withOptout) cs.patch('profile', withOptout, { denyList: true });
      const sends = env.sandbox.dynamics.store.table('ferry_emailsend');
      const first = sends?.rows.keys().next().value;
      if (first === undefined) throw new Error('no activity to delete');
      env.sandbox.dynamics.store.delete('ferry_emailsend', first);
    };
    const code = await runStart(
      { root: ROOT, seed: 2, contacts: 200, json: false, keep: false, beforeVerify: tamper },
      io,
    );
    const out = text();
    expect(out).toMatch(/^✗ contacts: each contact mirrored once as profile .*: 1 of \d+ wrong$/m);
    expect(out).toMatch(/lastName is "Tampered", mapping says/);
    expect(out).toMatch(
      /^✗ profile: pre-existing records with externalId not modified by ferry.*: 1 of \d+ wrong$/m,
    );
    expect(out).toMatch(/firstName changed from .* to "Tampered"/);
    expect(out).toMatch(/^✗ email-events: each send\/open\/click\/bounce event is one activity .* wrong$/m);
    expect(out).toMatch(/^✗ optout: after the incremental pass: .* 1 of \d+ wrong$/m);
    expect(out).toMatch(/donotemail=false but denyList=true/);
    expect(out).toMatch(/^NOT verified: 4 checks failed/m);
    expect(code).toBe(1);
  }, 30_000);
});

describe('ferry start --json', () => {
  it('prints one JSON document with passes, checks and the verdict', async () => {
    const out: string[] = [];
    const io: CliIo = { out: (s) => void out.push(s), err: () => undefined, color: false };
    const code = await main(['start', '--contacts', '100', '--seed', '4', '--json', '--root', ROOT], io);
    expect(out).toHaveLength(1);
    const doc = JSON.parse(out[0] ?? '') as {
      verified: boolean;
      passes: { name: string; flows: { flow: string; counts: Record<string, number> }[] }[];
      checks: { name: string; count: number; failed: number }[];
    };
    expect(doc.verified).toBe(true);
    expect(doc.passes.map((p) => p.flows.map((f) => f.flow))).toEqual([
      ['contacts', 'vehicles', 'service-visits', 'email-events', 'optout'],
      ['contacts', 'vehicles', 'service-visits', 'email-events', 'optout'],
    ]);
    expect(doc.passes[0]?.flows[0]?.counts['read']).toBe(100);
    expect(doc.checks.length).toBeGreaterThan(10);
    expect(doc.checks.every((c) => c.failed === 0)).toBe(true);
    expect(code).toBe(0);
  }, 20_000);

  it('refuses bad numbers with a usage error', async () => {
    const { io, text } = capture();
    expect(await main(['start', '--contacts', 'many', '--root', ROOT], io)).toBe(2);
    expect(text()).toMatch(/--contacts must be an integer/);
  });
});
