import { describe, expect, it } from 'vitest';
import {
  campaignProfiles,
  contactAt,
  contacts,
  serviceVisits,
  vehicles,
} from '../../emulators/seed/index.ts';

describe('seed generator', () => {
  it('is deterministic per (seed, i) and differs across seeds', () => {
    const a = [...contacts({ seed: 1, contacts: 50 })];
    expect([...contacts({ seed: 1, contacts: 50 })]).toEqual(a);
    expect(contactAt(1, 37)).toEqual(a[37]);
    expect(contactAt(2, 37)).not.toEqual(a[37]);
    expect([...vehicles({ seed: 1, contacts: 50 })]).toEqual([...vehicles({ seed: 1, contacts: 50 })]);
    expect([...campaignProfiles({ seed: 1, contacts: 50 })]).toEqual([
      ...campaignProfiles({ seed: 1, contacts: 50 }),
    ]);
  });

  it('contains realistic and hostile data', () => {
    const rows = [...contacts({ seed: 3, contacts: 2000 })];
    expect(new Set(rows.map((r) => r.contactid)).size).toBe(2000);
    expect(
      rows.every((r) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(String(r.contactid)),
      ),
    ).toBe(true);
    expect(rows.some((r) => r.emailaddress1 === null)).toBe(true);
    expect(
      rows.some(
        (r) =>
          typeof r.emailaddress1 === 'string' &&
          !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(r.emailaddress1.trim()),
      ),
    ).toBe(true);
    expect(
      rows.some((r) => typeof r.emailaddress1 === 'string' && r.emailaddress1 !== r.emailaddress1.trim()),
    ).toBe(true);
    expect(rows.some((r) => String(r.lastname).includes("'"))).toBe(true);
    expect(rows.some((r) => /[^\x20-\x7e]/.test(`${String(r.firstname)}${String(r.lastname)}`))).toBe(true);
    expect(rows.some((r) => String(r.firstname).length > 30 && String(r.firstname).length <= 50)).toBe(true);
    expect(rows.some((r) => r.statecode === 1 && r.statuscode === 2)).toBe(true);
    expect(rows.some((r) => r.donotbulkemail === true)).toBe(true);
    expect(rows.every((r) => String(r.modifiedon) >= String(r.createdon))).toBe(true);
  });

  it('links vehicles to contacts and visits to vehicles', () => {
    const o = { seed: 5, contacts: 300 };
    const ids = new Set([...contacts(o)].map((c) => c.contactid));
    const vs = [...vehicles(o)];
    expect(vs.length).toBeGreaterThan(100);
    expect(
      vs.every((v) => ids.has(v._ferry_contactid_value ?? '') && String(v.ferry_vin).length === 17),
    ).toBe(true);
    const vids = new Set(vs.map((v) => v.ferry_vehicleid));
    const visits = [...serviceVisits(o)];
    expect(visits.length).toBeGreaterThan(100);
    expect(visits.every((s) => vids.has(s._ferry_vehicleid_value ?? ''))).toBe(true);
  });

  it('produces pre-existing profiles: matched ones with conflicts, and orphans without externalId', () => {
    const o = { seed: 9, contacts: 1000 };
    const byId = new Map([...contacts(o)].map((c) => [c.contactid, c]));
    const ps = [...campaignProfiles(o)];
    const matched = ps.filter((p) => typeof p.fields.externalId === 'string');
    const orphans = ps.filter((p) => p.fields.externalId === undefined);
    expect(matched.length).toBeGreaterThan(200);
    expect(orphans.length).toBe(50);
    expect(matched.every((p) => byId.has(p.fields.externalId as string))).toBe(true);
    const conflicts = matched.filter(
      (p) => p.fields.denyListEmail !== byId.get(p.fields.externalId as string)?.donotbulkemail,
    );
    expect(conflicts.length).toBeGreaterThan(0);
    const newer = matched.filter(
      (p) => p.lastModified > Date.parse(String(byId.get(p.fields.externalId as string)?.modifiedon)),
    );
    expect(newer.length).toBeGreaterThan(0);
    expect(newer.length).toBeLessThan(matched.length);
    expect(matched.every((p) => String(p.fields.firstName).length <= 30)).toBe(true);
    // Some orphans share an email with a contact: only externalId may be used to match.
    const contactEmails = new Set(
      [...byId.values()].map((c) =>
        typeof c.emailaddress1 === 'string' ? c.emailaddress1.trim().toLowerCase() : '',
      ),
    );
    expect(orphans.some((p) => contactEmails.has(p.fields.email as string))).toBe(true);
  });

  it('streams 200,000 contacts (and their vehicles) without holding them', () => {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let n = 0;
    let emails = 0;
    for (const c of contacts({ seed: 11, contacts: 200_000 })) {
      n++;
      if (c.emailaddress1 !== null) emails++;
    }
    const after = process.memoryUsage().heapUsed;
    expect(n).toBe(200_000);
    expect(emails).toBeGreaterThan(180_000);
    // Loose: holding 200k rows would cost well over 100 MB.
    expect(after - before).toBeLessThan(64 * 1024 * 1024);
    // Random access far into a 1,000,000-row set costs nothing extra.
    expect(contactAt(11, 999_999).contactid).toBe(contactAt(11, 999_999).contactid);
  });
});
