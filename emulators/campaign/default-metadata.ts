// Built-in profile resource (reference §7) used when no tenant snapshot is given, and for tests.
import type { FieldDef, FilterDef, CampaignSchema, ResourceDef } from './model.ts';

const f = (name: string, type: string, extra: Partial<FieldDef> = {}): [string, FieldDef] => [
  name,
  { name, type, readOnly: false, mandatory: false, ...extra },
];
const OPTOUTS = ['', 'Email', 'Fax', 'Mobile', 'Phone', 'PostalMail', 'Pushnotification'];

export const PROFILE_FIELDS: readonly [string, FieldDef][] = [
  f('email', 'string', { length: 128 }),
  f('externalId', 'string', { length: 100 }),
  f('isExternal', 'boolean'),
  f('firstName', 'string', { length: 30 }),
  // middleName/mobilePhone/fax lengths are unverified (reference "Unverified: field lengths").
  f('middleName', 'string', { length: 30 }),
  f('lastName', 'string', { length: 50 }),
  f('salutation', 'string', { length: 80 }),
  f('title', 'string', { length: 50 }),
  f('gender', 'byte', { values: ['unknown', 'male', 'female'] }),
  f('emailFormat', 'byte', { values: ['unknown', 'text', 'html'] }),
  f('birthDate', 'date'),
  f('age', 'long', { readOnly: true }),
  f('phone', 'string', { length: 32 }),
  f('mobilePhone', 'string', { length: 32 }),
  f('fax', 'string', { length: 32 }),
  f('preferredLanguage', 'string', { length: 16 }),
  f('timeZone', 'string', { length: 64 }),
  ...OPTOUTS.map((s) => f(`denyList${s}`, 'boolean')),
  ...OPTOUTS.map((s) => f(`blackList${s}`, 'boolean')),
  f('ccpaOptOut', 'boolean'),
  f('created', 'datetime', { readOnly: true }),
  f('lastModified', 'datetime', { readOnly: true }),
];

const filter = (name: string, ...params: string[]): [string, FilterDef] => [name, { name, params }];

export function defaultProfileResource(
  extra: { fields?: readonly FieldDef[]; filters?: readonly FilterDef[] } = {},
): ResourceDef {
  return {
    name: 'profile',
    path: 'profileAndServicesExt/profile',
    fields: new Map([...PROFILE_FIELDS, ...(extra.fields ?? []).map((x): [string, FieldDef] => [x.name, x])]),
    filters: new Map([
      filter('byEmail', 'email'),
      filter('byText', 'text'),
      filter('byExternalId', 'externalId_parameter'),
      ...(extra.filters ?? []).map((x): [string, FilterDef] => [x.name, x]),
    ]),
    keys: [['externalId']],
  };
}

export function defaultCampaignMetadata(): CampaignSchema {
  return { resources: new Map([['profile', defaultProfileResource()]]) };
}
