import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnapshotDynamics, type SnapshotDynamics } from './dynamics-snapshot-fixture.ts';

let t: SnapshotDynamics;
type Obj = Record<string, unknown>;
const acme = 'a0000000-0000-4000-8000-000000000001';
const id = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ALL = 'odata.include-annotations="*"';

beforeAll(async () => {
  t = await startSnapshotDynamics();
  const s = t.emu.store;
  s.upsert('account', { accountid: acme, name: 'Acme' });
  const people = [
    ['Ann', 'Lee', 'ann@example.com', 2],
    ['Bob', 'Zed', null, 1],
    ['Cy', 'Ode', 'cy@test.org', 1],
    ['Dee', 'Lee', 'dee@example.com', null],
    ['Eve', 'Ray', 'eve@example.com', 2],
  ] as const;
  people.forEach(([firstname, lastname, emailaddress1, gendercode], i) =>
    s.upsert('contact', {
      contactid: id(i + 1),
      firstname,
      lastname,
      emailaddress1,
      gendercode,
      ...(i < 2 ? { _parentcustomerid_value: acme } : {}),
    }),
  );
});
afterAll(async () => t.emu.close());

const fetchXml = (inner: string, fetchAttrs = '') =>
  `contacts?fetchXml=${encodeURIComponent(`<fetch ${fetchAttrs}><entity name="contact">${inner}</entity></fetch>`)}`;
const names = (b: Obj) => (b['value'] as Obj[]).map((r) => r['firstname']);
const error = async (r: Response) => ((await r.json()) as { error: { code: string; message: string } }).error;

describe('Dynamics emulator: FetchXML', () => {
  it('honours attributes, filters with the usual operators, and order', async () => {
    const cases: [string, string[]][] = [
      [`<filter><condition attribute="lastname" operator="eq" value="lee"/></filter>`, ['Ann', 'Dee']],
      [`<filter><condition attribute="lastname" operator="ne" value="Lee"/></filter>`, ['Bob', 'Cy', 'Eve']],
      [
        `<filter><condition attribute="emailaddress1" operator="like" value="%@example.com"/></filter>`,
        ['Ann', 'Dee', 'Eve'],
      ],
      [
        `<filter><condition attribute="emailaddress1" operator="not-like" value="%example%"/></filter>`,
        ['Cy'],
      ],
      [`<filter><condition attribute="firstname" operator="begins-with" value="d"/></filter>`, ['Dee']],
      [`<filter><condition attribute="emailaddress1" operator="null"/></filter>`, ['Bob']],
      [
        `<filter><condition attribute="gendercode" operator="not-null"/><condition attribute="gendercode" operator="ge" value="2"/></filter>`,
        ['Ann', 'Eve'],
      ],
      [
        `<filter><condition attribute="firstname" operator="in"><value>Bob</value><value>Eve</value></condition></filter>`,
        ['Bob', 'Eve'],
      ],
      [
        `<filter><condition attribute="firstname" operator="between"><value>B</value><value>D</value></condition></filter>`,
        ['Bob', 'Cy'],
      ],
      [
        `<filter type="or"><condition attribute="firstname" operator="eq" value="Ann"/><filter><condition attribute="lastname" operator="eq" value="Ray"/></filter></filter>`,
        ['Ann', 'Eve'],
      ],
      [
        `<filter><condition attribute="parentcustomerid" operator="eq" value="{${acme.toUpperCase()}}"/></filter>`,
        ['Ann', 'Bob'],
      ],
    ];
    for (const [filter, expected] of cases) {
      const b = await t.json(
        fetchXml(`<attribute name="firstname"/>${filter}<order attribute="firstname"/>`),
      );
      expect(names(b), filter).toEqual(expected);
    }
  });

  it('returns only the named columns plus the key, leaving out nulls, with the context naming them', async () => {
    const b = await t.json(
      fetchXml(
        `<attribute name="fullname"/><attribute name="emailaddress1"/><order attribute="lastname" descending="true"/><order attribute="firstname"/>`,
      ),
    );
    expect(b['@odata.context']).toBe(`${t.emu.apiUrl}$metadata#contacts(fullname,emailaddress1)`);
    const rows = b['value'] as Obj[];
    expect(rows.map((r) => r['fullname'])).toEqual(['Bob Zed', 'Eve Ray', 'Cy Ode', 'Ann Lee', 'Dee Lee']);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['@odata.etag', 'contactid', 'fullname']);
    expect(Object.keys(rows[1] ?? {}).sort()).toEqual([
      '@odata.etag',
      'contactid',
      'emailaddress1',
      'fullname',
    ]);
  });

  it('honours top', async () => {
    const b = await t.json(
      fetchXml(`<attribute name="firstname"/><order attribute="firstname"/>`, 'top="2"'),
    );
    expect(names(b)).toEqual(['Ann', 'Bob']);
  });

  it('pages with count and page, and with the paging cookie, annotating more records and the total', async () => {
    const q = (attrs: string) => fetchXml(`<attribute name="firstname"/>`, attrs);
    const p1 = await t.json(q('count="2" page="1" returntotalrecordcount="true"'), { Prefer: ALL });
    expect(names(p1)).toEqual(['Ann', 'Bob']);
    expect(p1['@Microsoft.Dynamics.CRM.morerecords']).toBe(true);
    expect(p1['@Microsoft.Dynamics.CRM.totalrecordcount']).toBe(5);
    const outer = p1['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie'] as string;
    expect(outer).toMatch(/^<cookie pagenumber="2" pagingcookie="[^"]+" istracking="False" \/>$/);
    const inner = decodeURIComponent(decodeURIComponent(/pagingcookie="([^"]+)"/.exec(outer)?.[1] ?? ''));
    expect(inner).toBe(
      `<cookie page="1"><contactid last="{${id(2).toUpperCase()}}" first="{${id(1).toUpperCase()}}" /></cookie>`,
    );
    const esc = inner
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
    // A row deleted before the next page does not shift it: the cookie remembers the last key.
    t.emu.store.delete('contact', id(1));
    const p2 = await t.json(q(`count="2" page="2" paging-cookie="${esc}"`), { Prefer: ALL });
    expect(names(p2)).toEqual(['Cy', 'Dee']);
    const p3 = await t.json(q('count="2" page="3"'), { Prefer: ALL });
    expect(names(p3)).toEqual([]);
    expect(p3['@Microsoft.Dynamics.CRM.morerecords']).toBe(false);
    expect(p3['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie']).toBeUndefined();
    t.emu.store.upsert('contact', {
      contactid: id(1),
      firstname: 'Ann',
      lastname: 'Lee',
      emailaddress1: 'ann@example.com',
      gendercode: 2,
      _parentcustomerid_value: acme,
    });
  });

  it('refuses everything outside the subset with a clear 400 or 501, never a full result', async () => {
    const cases: [string, number, RegExp][] = [
      [fetchXml(`<link-entity name="account" from="accountid" to="parentcustomerid"/>`), 501, /link-entity/],
      [
        fetchXml(`<attribute name="firstname" aggregate="count" alias="n"/>`, 'aggregate="true"'),
        501,
        /aggregation/,
      ],
      [fetchXml(`<attribute name="firstname" alias="f"/>`), 501, /alias/],
      [
        fetchXml(`<filter><condition attribute="createdon" operator="last-x-days" value="3"/></filter>`),
        501,
        /last-x-days/,
      ],
      [
        fetchXml(`<filter><condition attribute="firstname" operator="like" value="A_n"/></filter>`),
        501,
        /like pattern/,
      ],
      [
        fetchXml(`<filter><condition entityname="a" attribute="name" operator="eq" value="x"/></filter>`),
        501,
        /entityname/,
      ],
      [
        fetchXml(`<attribute name="nosuchcolumn"/>`),
        400,
        /doesn't contain attribute with Name = 'nosuchcolumn'/,
      ],
      [fetchXml(`<attribute name="firstname"/>`, 'top="2" count="2"'), 400, /top/],
      [fetchXml(`<attribute name="firstname"/>`, 'count="9000"'), 400, /count/],
      [
        `contacts?fetchXml=${encodeURIComponent('<fetch><entity name="account"><attribute name="name"/></entity></fetch>')}`,
        400,
        /does not match/,
      ],
      [
        `contacts?fetchXml=${encodeURIComponent('<fetch><entity name="contact">')}`,
        400,
        /well-formed|one <fetch>/,
      ],
      [`${fetchXml('<attribute name="firstname"/>')}&$select=lastname`, 400, /cannot be combined/],
    ];
    for (const [path, status, msg] of cases) {
      const r = await t.api('GET', path);
      expect(r.status, path).toBe(status);
      expect((await error(r)).message, path).toMatch(msg);
    }
  });
});
