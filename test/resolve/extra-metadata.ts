// Sandbox metadata plus two test-only tables/resources for link depth, link count, cycles and mandatory fields.
import type {
  CampaignField,
  CampaignResource,
  DynamicsAttribute,
  DynamicsEntity,
  NavigationProperty,
  TenantMetadata,
} from '../../core/metadata/model.ts';

const attr = (
  name: string,
  type: string,
  extra: Partial<DynamicsAttribute> = {},
): [string, DynamicsAttribute] => [name, { name, type, nullable: true, computed: false, ...extra }];
const nav = (
  name: string,
  target: string,
  property: string,
  referencedProperty: string,
): [string, NavigationProperty] => [
  name,
  { name, target, collection: false, constraint: { property, referencedProperty } },
];
const field = (name: string, type: string, extra: Partial<CampaignField> = {}): [string, CampaignField] => [
  name,
  { name, type, readOnly: false, mandatory: false, ...extra },
];

const part: DynamicsEntity = {
  logicalName: 'ferry_part',
  entitySetName: 'ferry_parts',
  primaryKey: 'ferry_partid',
  alternateKeys: [],
  changeTracking: true,
  attributeDefinitions: true,
  attributes: new Map([
    attr('ferry_partid', 'Edm.Guid'),
    attr('ferry_name', 'Edm.String', { maxLength: 100 }),
    attr('modifiedon', 'Edm.DateTimeOffset', { computed: true }),
    attr('_ferry_servicevisitid_value', 'Edm.Guid', { computed: true }),
    attr('_ferry_contactid_value', 'Edm.Guid', { computed: true }),
    attr('_ferry_vehicleid_value', 'Edm.Guid', { computed: true }),
  ]),
  navigations: new Map([
    nav('ferry_servicevisitid', 'ferry_servicevisit', '_ferry_servicevisitid_value', 'ferry_servicevisitid'),
    nav('ferry_contactid', 'contact', '_ferry_contactid_value', 'contactid'),
    nav('ferry_vehicleid', 'ferry_vehicle', '_ferry_vehicleid_value', 'ferry_vehicleid'),
  ]),
};

const crmKeyed = (name: string, fields: [string, CampaignField][]): CampaignResource => ({
  name,
  path: `profileAndServicesExt/${name}`,
  keys: [['crmId']],
  fields: new Map([field('crmId', 'string', { length: 36, mandatory: true }), ...fields]),
  filters: new Map([['byCrmId', { name: 'byCrmId', params: ['crmId_parameter'] }]]),
});

const cusPart = crmKeyed('cusPart', [
  field('name', 'string', { length: 100 }),
  field('serial', 'string', { length: 100, mandatory: true }),
  field('visit', 'link', { target: 'cusServiceVisit' }),
  field('vehicle', 'link', { target: 'cusVehicle' }),
  field('profile', 'link', { target: 'profile' }),
  field('profile2', 'link', { target: 'profile' }),
  field('profile3', 'link', { target: 'profile' }),
  field('profile4', 'link', { target: 'profile' }),
]);
const cusPerson = crmKeyed('cusPerson', [
  field('name', 'string', { length: 100 }),
  field('parent', 'link', { target: 'cusPerson' }),
]);

export const withExtras = (m: TenantMetadata): TenantMetadata => ({
  dynamics: {
    entities: new Map([...m.dynamics.entities, ['ferry_part', part]]),
    boundActions: m.dynamics.boundActions,
  },
  campaign: { resources: new Map([...m.campaign.resources, ['cusPart', cusPart], ['cusPerson', cusPerson]]) },
});
