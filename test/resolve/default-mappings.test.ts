// The default mapping set resolves clean against the sandbox snapshots, parents before children.
import { describe, expect, it } from 'vitest';
import { loadTenantMetadata } from '../../compiler/metadata/index.ts';
import { resolveProject } from '../../compiler/resolve/index.ts';
import { loadMappingFile } from './yaml-doc.ts';

const NAMES = ['service-visits', 'email-events', 'optout', 'vehicles', 'contacts'];
const { metadata } = await loadTenantMetadata('tenants/sandbox/metadata');
const mappings = NAMES.map((n) => loadMappingFile(`mappings/${n}.yaml`));
const { project, diagnostics } = resolveProject(
  { tenant: 'sandbox', tenantDir: 'tenants/sandbox', mappings },
  metadata,
);

describe('default mappings against the sandbox', () => {
  it('resolve with no diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(project?.tenant).toBe('sandbox');
  });

  it('order link parents before children', () => {
    expect(project?.mappings.map((m) => m.name)).toEqual([
      'contacts',
      'vehicles',
      'service-visits',
      'email-events',
      'optout',
    ]);
  });

  it('binds contacts to profile by externalId through byExternalId', () => {
    const c = project?.mappings.find((m) => m.name === 'contacts');
    if (c?.kind !== 'entity') throw new Error('contacts not resolved as entity');
    expect(c.source.logicalName).toBe('contact');
    expect(c.target).toMatchObject({ filter: 'byExternalId', filterParam: 'externalId_parameter' });
    expect(c.target.key.name).toBe('externalId');
    const gender = c.fields.find((f) => f.target === 'gender');
    expect(gender?.from?.attribute?.options?.length).toBe(2);
    expect(c.fields.find((f) => f.target === 'birthDate')?.updates).toBe(false);
    expect(c.fields.find((f) => f.target === 'email')?.expr?.text).toBe('lower(trim(emailaddress1))');
    expect(c.filter.all.map((e) => e.text)).toEqual(['emailaddress1 != null']);
    expect(c.deletes).toBe('propagate');
  });

  it('binds links and event types', () => {
    const v = project?.mappings.find((m) => m.name === 'service-visits');
    if (v?.kind !== 'entity') throw new Error('service-visits not resolved');
    expect(v.links).toMatchObject([{ name: 'vehicle', mapping: 'vehicles', required: false }]);
    expect(v.links[0]?.from.name).toBe('_ferry_vehicleid_value');
    const e = project?.mappings.find((m) => m.name === 'email-events');
    if (e?.kind !== 'events') throw new Error('email-events not resolved');
    expect(e.types.map((t) => [t.type, t.activity.logicalName, t.regardingNav])).toEqual([
      ['send', 'ferry_emailsend', 'regardingobjectid_contact_ferry_emailsend'],
      ['open', 'ferry_emailopen', 'regardingobjectid_contact_ferry_emailopen'],
      ['click', 'ferry_emailclick', 'regardingobjectid_contact_ferry_emailclick'],
      ['bounce', 'ferry_emailbounce', 'regardingobjectid_contact_ferry_emailbounce'],
    ]);
    const click = e.types.find((t) => t.type === 'click');
    expect(click?.followUp).toMatchObject({ regardingNav: 'regardingobjectid_contact_task', dueInDays: 3 });
    expect(click?.followUp?.activity.logicalName).toBe('task');
    const o = project?.mappings.find((m) => m.name === 'optout');
    if (o?.kind !== 'optout') throw new Error('optout not resolved');
    expect(o.pairs.map((p) => `${p.dynamics.name}=${p.campaign.name}`)).toEqual([
      'donotbulkemail=denyListEmail',
      'donotemail=denyList',
      'donotphone=denyListPhone',
    ]);
    expect(o.modifiedField.name).toBe('modifiedon');
  });
});
