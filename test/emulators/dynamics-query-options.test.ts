// Every query option the Web API documentation lists is either honoured (the answer shows it) or refused with
// an error body; none may be ignored, since a client that trusts an ignored filter acts on the wrong rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnapshotDynamics, type SnapshotDynamics } from './dynamics-snapshot-fixture.ts';

let t: SnapshotDynamics;
type Obj = Record<string, unknown>;
const acme = 'a0000000-0000-4000-8000-000000000001';
const ann = 'c0000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  t = await startSnapshotDynamics();
  const s = t.emu.store;
  s.upsert('account', { accountid: acme, name: 'Acme' });
  s.upsert('contact', { contactid: ann, firstname: 'Ann', lastname: 'Lee', _parentcustomerid_value: acme });
  for (const [i, f] of ['Bob', 'Cy', 'Dee'].entries())
    s.upsert('contact', {
      contactid: `c0000000-0000-4000-8000-00000000001${i}`,
      firstname: f,
      lastname: 'Zed',
    });
});
afterAll(async () => t.emu.close());

const rows = (b: Obj) => b['value'] as Obj[];
const first = (b: Obj) => rows(b).map((r) => r['firstname']);
const fx = encodeURIComponent(
  `<fetch><entity name="contact"><attribute name="firstname"/><filter><condition attribute="firstname" operator="eq" value="Cy"/></filter></entity></fetch>`,
);

/** Option, query text, and what the answer must show: a check on the body, or the refusal status. */
type Case = readonly [string, string, ((b: Obj) => boolean) | number];

const collection: readonly Case[] = [
  [
    '$select',
    '$select=firstname',
    (b) => rows(b).every((r) => Object.keys(r).sort().join() === '@odata.etag,contactid,firstname'),
  ],
  ['$filter', `$filter=firstname eq 'Bob'`, (b) => first(b).join() === 'Bob'],
  ['$orderby', '$orderby=firstname desc', (b) => first(b).join() === 'Dee,Cy,Bob,Ann'],
  ['$top', '$top=1', (b) => rows(b).length === 1],
  ['$count', '$count=true', (b) => b['@odata.count'] === 4],
  [
    '$expand',
    '$expand=parentcustomerid_account($select=name)',
    (b) => rows(b).some((r) => (r['parentcustomerid_account'] as Obj | null)?.['name'] === 'Acme'),
  ],
  ['fetchXml', `fetchXml=${fx}`, (b) => first(b).join() === 'Cy'],
  ['$apply', '$apply=groupby((lastname))', 501],
  ['$skip', '$skip=1', 400],
  ['$search', '$search=Ann', 400],
  ['$compute', `$compute=firstname as f`, 400],
  ['$format', '$format=json', 400],
  ['$levels', '$levels=2', 400],
  ['$index', '$index=1', 400],
  ['$schemaversion', '$schemaversion=1', 400],
  ['$deltatoken', '$deltatoken=not-a-token', 400],
  ['$skiptoken', '$skiptoken=garbage', 400],
  ['savedQuery', 'savedQuery=00000000-0000-0000-0000-000000000001', 501],
  ['userQuery', 'userQuery=00000000-0000-0000-0000-000000000001', 501],
];

const single: readonly Case[] = [
  [
    '$select',
    '$select=firstname',
    (b) => Object.keys(b).sort().join() === '@odata.context,@odata.etag,contactid,firstname',
  ],
  [
    '$expand',
    '$expand=parentcustomerid_account($select=name)',
    (b) => (b['parentcustomerid_account'] as Obj)['name'] === 'Acme',
  ],
  ...[
    '$filter=firstname eq 1',
    '$orderby=firstname',
    '$top=1',
    '$count=true',
    '$apply=x',
    '$skip=1',
    '$compute=x',
  ].map((q) => [q.split('=')[0] ?? q, q, 400] as const),
];

async function check(path: string, opt: string, expect3: Case[2]): Promise<void> {
  const r = await t.api('GET', path);
  if (typeof expect3 === 'number') {
    expect(r.status, opt).toBe(expect3);
    const e = ((await r.json()) as { error?: { message?: string } }).error;
    expect(e?.message, opt).toMatch(/\S/);
  } else {
    expect(r.status, opt).toBe(200);
    expect(expect3((await r.json()) as Obj), opt).toBe(true);
  }
}

describe('Dynamics emulator: no query option is ignored', () => {
  it('honours or refuses every documented option on a collection', async () => {
    for (const [opt, q, want] of collection) await check(`contacts?${q}`, opt, want);
  });

  it('honours $select/$expand on one row and refuses the collection options there', async () => {
    for (const [opt, q, want] of single) await check(`contacts(${ann})?${q}`, opt, want);
  });

  it('counts with $filter on /$count and refuses what would change the count', async () => {
    const r = await t.api('GET', `contacts/$count?$filter=lastname eq 'Zed'`);
    expect((await r.text()).replace('\uFEFF', '')).toBe('3');
    for (const q of ['$top=1', '$skip=1', `fetchXml=${fx}`, 'savedQuery=x', '$apply=x'])
      expect((await t.api('GET', `contacts/$count?${q}`)).status, q).toBeGreaterThanOrEqual(400);
  });

  it('leaves custom (non-$) query parameters alone, as OData allows', async () => {
    const b = await t.json('contacts?$select=firstname&tracing=1');
    expect(rows(b).length).toBe(4);
  });
});
