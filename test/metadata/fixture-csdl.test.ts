// The real 3.8 MB CRM $metadata fixture (BOM, 265 entity types) parses into the model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsdl } from '../../core/metadata/csdl.ts';

const xml = readFileSync(
  new URL('../fixtures/dynamics-metadata/crm-metadata-2016-en.xml', import.meta.url),
  'utf8',
);
const { metadata, warnings } = parseCsdl(xml);

describe('parseCsdl on the real 2016 CRM fixture', () => {
  it('reads every entity type despite the BOM', () => {
    expect(xml.charCodeAt(0)).toBe(0xfeff);
    expect(metadata.entities.size).toBe(265);
    expect(warnings).toEqual([]);
  });

  it('reads contact: key, entity set, change tracking, types', () => {
    const contact = metadata.entities.get('contact');
    expect(contact?.primaryKey).toBe('contactid');
    expect(contact?.entitySetName).toBe('contacts');
    expect(contact?.changeTracking).toBe(true);
    expect(contact?.attributes.size).toBe(192);
    expect(contact?.navigations.size).toBe(76);
    expect(contact?.attributes.get('emailaddress1')).toMatchObject({
      type: 'Edm.String',
      nullable: true,
      computed: false,
    });
    expect(contact?.attributes.get('birthdate')?.type).toBe('Edm.Date');
    expect(contact?.attributes.get('donotbulkemail')?.type).toBe('Edm.Boolean');
    expect(contact?.attributes.get('versionnumber')).toMatchObject({ type: 'Edm.Int64', computed: true });
  });

  it('reads single-valued navigations with their referential constraint', () => {
    const nav = metadata.entities.get('contact')?.navigations.get('parentcustomerid_account');
    expect(nav).toEqual({
      name: 'parentcustomerid_account',
      target: 'account',
      collection: false,
      constraint: { property: '_parentcustomerid_value', referencedProperty: 'accountid' },
    });
    const many = metadata.entities.get('contact')?.navigations.get('Contact_Tasks');
    expect(many).toMatchObject({ target: 'task', collection: true });
  });

  it('merges base type columns and key into activity tables', () => {
    const task = metadata.entities.get('task');
    expect(task?.baseType).toBe('activitypointer');
    expect(task?.primaryKey).toBe('activityid');
    expect(task?.attributes.get('subject')?.type).toBe('Edm.String');
    expect(task?.attributes.get('_regardingobjectid_value')?.type).toBe('Edm.Guid');
    expect(task?.navigations.get('regardingobjectid_contact_task')?.target).toBe('contact');
  });

  it('reads change tracking off where the EntitySet says Supported=false', () => {
    const off = [...metadata.entities.values()]
      .filter((e) => e.entitySetName && !e.changeTracking)
      .map((e) => e.logicalName);
    expect(off.length).toBeGreaterThan(0);
    expect(off).not.toContain('contact');
  });

  it('lists collection-bound actions per entity set only', () => {
    expect(metadata.boundActions.get('ExampleEntity')).toEqual(['ExampleAction']);
    // AddItemCampaign is bound to a single campaign, not to the entity set.
    expect([...metadata.boundActions.values()].flat()).not.toContain('AddItemCampaign');
  });
});
