// The sandbox contact and account carry the documented Dataverse column set, and the hand-written specs still win.
import { describe, expect, it } from 'vitest';
import { loadTenantMetadata } from '../../compiler/metadata/index.ts';
import {
  DATAVERSE_ACCOUNT,
  DATAVERSE_CONTACT,
  parseColumn,
  withDocumented,
} from './dataverse-contact-account-columns.ts';
import { ACCOUNT, CONTACT } from './sandbox-columns.ts';

const { metadata } = await loadTenantMetadata('tenants/sandbox/metadata');
const d = metadata.dynamics;

describe('documented contact and account columns', () => {
  it('parse one line per column: lengths, formats, options, targets, read-only', () => {
    expect(parseColumn('ftpsiteurl|String|200:Url|||FTP Site')).toEqual({
      name: 'ftpsiteurl',
      kind: 'String',
      max: 200,
      format: 'Url',
      desc: 'FTP Site',
    });
    expect(parseColumn('paymenttermscode|Picklist|1=Net 30;2=2% 10, Net 30|||Payment Terms').options).toEqual(
      [
        [1, 'Net 30'],
        [2, '2% 10, Net 30'],
      ],
    );
    expect(parseColumn('followemail|Boolean|0=Do Not Allow;1=Allow|||Follow').bool).toEqual([
      'Do Not Allow',
      'Allow',
    ]);
    expect(parseColumn('masterid|Lookup|contact||ro|Master ID')).toMatchObject({
      targets: ['contact'],
      computed: true,
    });
    expect(parseColumn('lastname|String|50|A||Last Name').req).toBe('ApplicationRequired');
  });

  it('every line is well formed and names a column once', () => {
    for (const cols of [DATAVERSE_CONTACT, DATAVERSE_ACCOUNT]) {
      expect(new Set(cols.map((c) => c.name)).size).toBe(cols.length);
      for (const c of cols) {
        expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(c.desc).not.toBe('');
        if (c.max !== undefined) expect(Number.isInteger(c.max) && c.max > 0).toBe(true);
        for (const [v, label] of c.options ?? []) expect(Number.isInteger(v) && label !== '').toBe(true);
      }
    }
  });

  it('keeps the hand-written columns first and unchanged, then adds the missing documented ones', () => {
    const contact = withDocumented(CONTACT, DATAVERSE_CONTACT);
    expect(contact.slice(0, CONTACT.length)).toEqual(CONTACT);
    expect(contact.filter((c) => c.name === 'firstname')).toHaveLength(1);
    expect(contact.length).toBeGreaterThan(180);
    expect(withDocumented(ACCOUNT, DATAVERSE_ACCOUNT).length).toBeGreaterThan(140);
  });

  it('the snapshot serves them: lengths, option sets, Edm types, read-only lookups', () => {
    const c = d.entities.get('contact');
    const a = d.entities.get('account');
    expect(c?.attributes.size).toBeGreaterThan(180);
    expect(a?.attributes.size).toBeGreaterThan(140);
    expect(c?.attributes.get('address2_line1')).toMatchObject({ type: 'Edm.String', maxLength: 250 });
    expect(c?.attributes.get('address1_latitude')?.type).toBe('Edm.Double');
    expect(c?.attributes.get('anniversary')?.type).toBe('Edm.Date');
    expect(c?.attributes.get('preferredappointmentdaycode')?.options?.[0]).toEqual({
      value: 0,
      label: 'Sunday',
    });
    expect(a?.attributes.get('industrycode')?.options).toHaveLength(33);
    expect(a?.attributes.get('_primarycontactid_value')).toMatchObject({ type: 'Edm.Guid', computed: false });
    expect(a?.navigations.get('primarycontactid')?.target).toBe('contact');
    expect(c?.attributes.get('_createdby_value')).toMatchObject({ type: 'Edm.Guid', computed: true });
    // Lookups to tables the sandbox does not have stay plain columns, without a navigation to a missing type.
    expect(c?.attributes.get('_transactioncurrencyid_value')?.type).toBe('Edm.Guid');
    expect(c?.navigations.has('transactioncurrencyid')).toBe(false);
  });
});
