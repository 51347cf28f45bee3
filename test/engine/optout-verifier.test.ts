// `ferry start`'s verifier models the engine's opt-out times: Campaign attribute-level time, whole seconds.
import { describe, expect, it } from 'vitest';
import type { Json } from '../../runtime/contract.ts';
import { expectedOptouts } from '../../cli/start/verify/optouts.ts';
import type { Snapshot } from '../../cli/start/snapshot.ts';
import { guid } from './fakes/dynamics.ts';
import { optoutFlow } from './fakes/flows.ts';

const ID = guid(9);
const flow = optoutFlow({
  source: { entity: 'contact', entitySet: 'contacts', primaryKey: 'contactid', modifiedField: 'modifiedon' },
});

function snap(dynamics: { optout: boolean; at: string }, campaign: Record<string, Json>): Snapshot {
  return {
    dynamics: new Map([
      [
        'contact',
        new Map([[ID, { contactid: ID, donotbulkemail: dynamics.optout, modifiedon: dynamics.at }]]),
      ],
    ]),
    campaign: new Map([
      ['profile', new Map([['@1', { pkey: '@1', fields: { externalId: ID, ...campaign } }]])],
    ]),
  };
}

describe('ferry start verifier: expected opt-outs', () => {
  const afterPass1 = snap(
    { optout: false, at: '2026-01-01T10:00:00Z' },
    { denyListEmail: false, lastModified: '2026-01-01 10:00:00.500Z' },
  );

  it("an unrelated Campaign edit does not date the opt-out field: Dynamics' newer opt-out stands", () => {
    const before = snap(
      { optout: true, at: '2026-01-01T10:05:00Z' },
      { denyListEmail: false, firstName: 'Anna', lastModified: '2026-01-01 10:10:00.000Z' },
    );
    expect(expectedOptouts(flow, before, afterPass1).get(ID)).toEqual([true]);
    // Without the previous snapshot only the record time is known (first pass): Campaign looks newer.
    expect(expectedOptouts(flow, before).get(ID)).toEqual([false]);
  });

  it('a changed Campaign field is dated by lastModified; the same second is a tie (true wins)', () => {
    const later = snap(
      { optout: true, at: '2026-01-01T10:05:00Z' },
      { denyListEmail: false, lastModified: '2026-01-01 10:05:01.000Z' },
    );
    const sameSecond = snap(
      { optout: true, at: '2026-01-01T10:05:00Z' },
      { denyListEmail: false, lastModified: '2026-01-01 10:05:00.900Z' },
    );
    const p1 = snap(
      { optout: true, at: '2026-01-01T10:00:00Z' },
      { denyListEmail: true, lastModified: '2026-01-01 10:00:00.500Z' },
    );
    expect(expectedOptouts(flow, later, p1).get(ID)).toEqual([false]);
    expect(expectedOptouts(flow, sameSecond, p1).get(ID)).toEqual([true]);
  });
});
