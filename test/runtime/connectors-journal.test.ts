import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerryError, HttpError } from '../../core/errors.ts';
import { nextLink } from '../../runtime/connectors/index.ts';
import type { TenantConnectors } from '../../runtime/connectors/index.ts';
import type { CampaignSide } from './connectors-fixture.ts';
import { connect, startCampaignSide } from './connectors-fixture.ts';

let side: CampaignSide;
let c: TenantConnectors;
beforeAll(async () => {
  side = await startCampaignSide();
  c = await connect(side);
});
afterAll(async () => {
  await c.close();
  await side.close();
});

const profiles = Array.from({ length: 6 }, (_, i) => ({
  PKey: `@p${i}`,
  externalId: `00000000-0000-0000-0000-00000000000${i}`,
  email: `p${i}@example.com`,
}));

describe('nextLink', () => {
  it('finds rel="next" among several links and resolves it against the request', () => {
    expect(
      nextLink('</j?since=a>; rel="prev", </j?since=b&limit=2>; rel="next"', 'http://h:1/j?since=x'),
    ).toBe('http://h:1/j?since=b&limit=2');
    expect(nextLink(undefined, 'http://h/')).toBeNull();
  });
});

describe('JournalConnector over the journal emulator', () => {
  it('pages forward with since/limit until a 204 with retry-after', async () => {
    const journal = c.journal!;
    const empty = await journal.read(null, 10);
    expect(empty).toEqual({ entries: [], retryAfter: 7 });
    const { appended } = side.journal.deliver({ seed: 3, profiles, openRate: 1, clickRate: 0.5 });
    expect(appended).toBeGreaterThan(6);
    const seen: string[] = [];
    let since: string | null = null;
    let batches = 0;
    for (;;) {
      const batch = await journal.read(since, 4);
      if (batch.entries.length === 0) {
        expect(batch.retryAfter).toBe(7);
        break;
      }
      batches++;
      expect(batch.entries.length).toBeLessThanOrEqual(4);
      for (const e of batch.entries) seen.push(String((e.event as { id: string }).id));
      since = batch.entries[batch.entries.length - 1]!.position;
    }
    expect(seen).toHaveLength(appended);
    expect(new Set(seen).size).toBe(appended);
    expect(batches).toBe(Math.ceil(appended / 4));
    // Resuming from a stored position (fresh connector, no remembered link) continues after it.
    const c2 = await connect(side);
    const again = await c2.journal!.read(since, 4);
    expect(again.entries).toEqual([]);
    await c2.close();
  });

  it('an expired position raises FERRY_JOURNAL_POSITION_EXPIRED; an unknown one is an HttpError 400', async () => {
    const { first } = side.journal.deliver({ seed: 4, profiles: profiles.slice(0, 2) });
    side.clock.advance(8 * 24 * 3600_000);
    side.journal.deliver({ seed: 5, profiles: profiles.slice(0, 1) });
    const c2 = await connect(side);
    try {
      const err = await c2.journal!.read(first, 10).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FerryError);
      expect((err as FerryError).code).toBe('FERRY_JOURNAL_POSITION_EXPIRED');
      const bad = await c2.journal!.read('no-such-position', 10).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(HttpError);
      expect((bad as HttpError).status).toBe(400);
    } finally {
      await c2.close();
    }
  });
});
