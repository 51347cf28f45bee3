import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDynamics, type TestDynamics } from './dynamics-fixture.ts';

let t: TestDynamics;
beforeAll(async () => {
  t = await startTestDynamics({ maxBatchOperations: 5 });
});
afterAll(async () => t.emu.close());

const op = (method: string, url: string, body?: object, contentId?: string) =>
  [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(contentId ? [`Content-ID: ${contentId}`] : []),
    '',
    `${method} ${url} HTTP/1.1`,
    ...(body ? ['Content-Type: application/json; type=entry', '', JSON.stringify(body)] : ['', '']),
  ].join('\n');

function batch(parts: (string | string[])[], eol = '\r\n'): string {
  const lines: string[] = [];
  parts.forEach((p, i) => {
    lines.push('--batch_AAA');
    if (typeof p === 'string') lines.push(p);
    else {
      const cs = `changeset_${i}`;
      lines.push(`Content-Type: multipart/mixed; boundary="${cs}"`, '');
      for (const o of p) lines.push(`--${cs}`, o);
      lines.push(`--${cs}--`);
    }
  });
  lines.push('--batch_AAA--', '');
  return lines.join('\n').replace(/\n/g, eol);
}

const send = (body: string, prefer?: string) =>
  t.api('POST', '$batch', {
    headers: {
      'Content-Type': 'multipart/mixed; boundary="batch_AAA"',
      ...(prefer ? { Prefer: prefer } : {}),
    },
    body,
  });

describe('Dynamics emulator: $batch', () => {
  for (const [name, eol] of [
    ['CRLF', '\r\n'],
    ['LF', '\n'],
  ] as const) {
    it(`runs a change set with Content-ID references (${name} line endings)`, async () => {
      const last = `Batch${name}`;
      const r = await send(
        batch(
          [
            [
              op('POST', '/api/data/v9.2/contacts', { lastname: last }, '1'),
              op(
                'POST',
                `${t.emu.apiUrl}accounts`,
                { name: `Acct ${name}`, 'primarycontactid@odata.bind': '$1' },
                '2',
              ),
              op('PATCH', '$1', { firstname: 'Patched' }, '3'),
            ],
            op('GET', `contacts?$select=lastname&$filter=${encodeURIComponent(`lastname eq '${last}'`)}`),
          ],
          eol,
        ),
      );
      expect(r.status).toBe(200);
      const ct = r.headers.get('content-type') ?? '';
      const boundary = /boundary=(batchresponse_[0-9a-f-]{36})$/.exec(ct)?.[1];
      expect(boundary).toBeDefined();
      const text = await r.text();
      expect(text.startsWith(`--${boundary}\r\n`)).toBe(true);
      expect(text.trimEnd().endsWith(`--${boundary}--`)).toBe(true);
      expect(text).toMatch(/Content-Type: multipart\/mixed; boundary=changesetresponse_[0-9a-f-]{36}/);
      expect(text.match(/HTTP\/1\.1 204 No Content/g)).toHaveLength(3);
      expect(text).toContain('Content-ID: 1');
      expect(text).toMatch(/Location: http:\/\/127\.0\.0\.1:\d+\/api\/data\/v9\.2\/contacts\(/);
      expect(text).toContain('HTTP/1.1 200 OK');
      const contact = [...(t.emu.store.table('contact')?.rows.values() ?? [])].find(
        (x) => x['lastname'] === last,
      );
      expect(contact?.['firstname']).toBe('Patched');
      const acct = [...(t.emu.store.table('account')?.rows.values() ?? [])].find(
        (x) => x['name'] === `Acct ${name}`,
      );
      expect(acct?.['_primarycontactid_value']).toBe(contact?.['contactid']);
    });
  }

  it('rolls back a failing change set and stops at the first error by default', async () => {
    const before = t.emu.store.count('contact');
    const r = await send(
      batch([
        [
          op('POST', 'contacts', { lastname: 'RolledBack' }, '1'),
          op('POST', 'contacts', { lastname: 'x'.repeat(60) }, '2'),
        ],
        op('POST', 'contacts', { lastname: 'NeverRuns' }),
      ]),
    );
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text).toContain('HTTP/1.1 400 Bad Request');
    expect(text).toMatch(/REQ_ID: [0-9a-f-]{36}/);
    expect(text).toContain('"code":"0x80044331"');
    expect(text).not.toContain('changesetresponse_');
    expect(t.emu.store.count('contact')).toBe(before);
  });

  it('continues after a failure with Prefer: odata.continue-on-error', async () => {
    const before = t.emu.store.count('contact');
    const r = await send(
      batch([op('POST', 'contacts', { Bogus: 1 }), op('POST', 'contacts', { lastname: 'AfterError' })]),
      'odata.continue-on-error',
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('preference-applied')).toBe('odata.continue-on-error');
    const text = await r.text();
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    expect(statuses).toEqual(['400', '204']);
    expect(t.emu.store.count('contact')).toBe(before + 1);
  });

  it('rejects an unknown Content-ID reference', async () => {
    const r = await send(batch([[op('PATCH', '$9', { firstname: 'x' }, '1')]]));
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Content-ID Reference: '$9' does not exist in the batch context.");
  });

  it('caps the number of operations', async () => {
    const r = await send(batch(Array.from({ length: 6 }, () => op('POST', 'contacts', { lastname: 'cap' }))));
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      error: { code: '0x0', message: "A maximum number of '5' operations are allowed in a change set" },
    });
  });
});

describe('Dynamics emulator: bulk actions', () => {
  const type = 'Microsoft.Dynamics.CRM.contact';

  it('CreateMultiple returns Ids', async () => {
    const r = await t.api('POST', 'contacts/Microsoft.Dynamics.CRM.CreateMultiple', {
      body: {
        Targets: [
          { lastname: 'A', '@odata.type': type },
          { lastname: 'B', '@odata.type': type },
        ],
      },
    });
    expect(r.status).toBe(200);
    const b = (await r.json()) as { '@odata.context': string; Ids: string[] };
    expect(b['@odata.context']).toBe(
      `${t.emu.apiUrl}$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse`,
    );
    expect(b.Ids).toHaveLength(2);
    expect(t.emu.store.get('contact', b.Ids[0] as string)?.['lastname']).toBe('A');
  });

  it('UpsertMultiple by alternate key via @odata.id returns 204', async () => {
    const r = await t.api('POST', 'contacts/Microsoft.Dynamics.CRM.UpsertMultiple', {
      body: {
        Targets: [
          { '@odata.type': type, '@odata.id': "contacts(ferry_eventid='bulk-1')", lastname: 'U1' },
          { '@odata.type': type, '@odata.id': "contacts(ferry_eventid='bulk-2')", lastname: 'U2' },
        ],
      },
    });
    expect(r.status).toBe(204);
    const r2 = await t.api('POST', 'contacts/Microsoft.Dynamics.CRM.UpsertMultiple', {
      body: {
        Targets: [{ '@odata.type': type, '@odata.id': "contacts(ferry_eventid='bulk-1')", lastname: 'U1b' }],
      },
    });
    expect(r2.status).toBe(204);
    const rows = [...(t.emu.store.table('contact')?.rows.values() ?? [])].filter((x) =>
      String(x['ferry_eventid']).startsWith('bulk-'),
    );
    expect(rows.map((x) => x['lastname']).sort()).toEqual(['U1b', 'U2']);
  });

  it('is all-or-nothing and requires @odata.type on every target', async () => {
    const before = t.emu.store.count('contact');
    const r = await t.api('POST', 'contacts/Microsoft.Dynamics.CRM.CreateMultiple', {
      body: {
        Targets: [
          { lastname: 'ok', '@odata.type': type },
          { lastname: 'y'.repeat(80), '@odata.type': type },
        ],
      },
    });
    expect(r.status).toBe(400);
    expect(t.emu.store.count('contact')).toBe(before);
    const r2 = await t.api('POST', 'contacts/Microsoft.Dynamics.CRM.CreateMultiple', {
      body: { Targets: [{ lastname: 'no type' }] },
    });
    expect(r2.status).toBe(400);
    expect(t.emu.store.count('contact')).toBe(before);
  });

  it('UpdateMultiple updates by primary key', async () => {
    const id = t.emu.store.upsert('contact', { lastname: 'Before' })['contactid'] as string;
    const r = await t.api('POST', 'contacts/Microsoft.Dynamics.CRM.UpdateMultiple', {
      body: { Targets: [{ '@odata.type': type, contactid: id, lastname: 'After' }] },
    });
    expect(r.status).toBe(204);
    expect(t.emu.store.get('contact', id)?.['lastname']).toBe('After');
  });

  it('answers 404 on a table whose metadata lacks the bound action', async () => {
    const r = await t.api('POST', 'accounts/Microsoft.Dynamics.CRM.CreateMultiple', {
      body: { Targets: [] },
    });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({
      error: {
        code: '0x8006088a',
        message: "Resource not found for the segment 'Microsoft.Dynamics.CRM.CreateMultiple'.",
      },
    });
  });
});
