// `plan` previews: full event payloads, and what the opt-out pass would decide for changed rows.
import { afterEach, describe, expect, it } from 'vitest';
import { optoutFlow, profileTarget } from '../engine/fakes/flows.ts';
import { guid } from '../engine/fakes/dynamics.ts';
import { harness, type Harness } from '../engine/fakes/harness.ts';

let h: Harness;
afterEach(async () => h?.state.close());

describe('plan previews', () => {
  it('opt-out: each changed row with the decision per pair (winner, reason); nothing written', async () => {
    h = await harness();
    const id = guid(1);
    h.dynamics.put('contacts', 'contactid', {
      contactid: id,
      donotbulkemail: false,
      modifiedon: '2026-01-01T00:00:00Z',
    });
    await h.campaign.create(profileTarget, { externalId: id, denyListEmail: false });
    const engine = h.engine([optoutFlow()]);
    const [first] = await engine.plan();
    expect(first?.read).toMatch(/first run: every contact is compared then/);
    await engine.runOnce({ mode: 'incremental' });
    // Opted out in Dynamics since: the preview says Campaign would get it.
    h.dynamics.put('contacts', 'contactid', {
      contactid: id,
      donotbulkemail: true,
      modifiedon: new Date(Date.now() + 60_000).toISOString(),
    });
    const audit = await h.state.listAudit('optout', 100);
    const [p] = await engine.plan();
    expect(p?.read).toMatch(/1 changed row\(s\) previewed/);
    expect(p?.samples.update[0]).toEqual({
      sourceId: id,
      detail: [
        expect.objectContaining({
          pair: 'donotbulkemail=denyListEmail',
          dynamics: true,
          campaign: false,
          value: true,
          winner: 'dynamics',
        }),
      ],
    });
    expect(await h.state.listAudit('optout', 100)).toEqual(audit);
    expect(h.campaign.all(profileTarget.path)[0]?.['denyListEmail']).toBe(false);
  });
});
