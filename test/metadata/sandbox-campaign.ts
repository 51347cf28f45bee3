// Campaign resourceType bodies of the sandbox (profile, cusVehicle, cusServiceVisit) as the emulator serves them.
const BASE = 'https://mc.adobe.io/ferrysandbox/campaign';

interface F {
  type: string;
  label: string;
  length?: number;
  mandatory?: boolean;
  readOnly?: boolean;
  values?: readonly (readonly [string, number, string])[];
  resTarget?: string;
  dataPolicy?: string;
  category?: string;
}

const field = (name: string, f: F): Record<string, unknown> => ({
  PKey: `@${Buffer.from(`field:${name}`).toString('base64url')}`,
  apiName: name,
  category: f.category ?? 'profile',
  label: f.label,
  type: f.type,
  ...(f.length !== undefined ? { length: f.length } : {}),
  mandatory: f.mandatory ?? false,
  readOnly: f.readOnly ?? false,
  sortable: f.type !== 'link' && f.type !== 'item' && f.type !== 'memo',
  ...(f.dataPolicy ? { dataPolicy: f.dataPolicy } : {}),
  ...(f.values ? { values: f.values.map(([n, value, label]) => ({ name: n, value, label })) } : {}),
  ...(f.resTarget ? { resType: 'link', resTarget: f.resTarget } : {}),
});

const filter = (
  path: string,
  name: string,
  params: readonly string[],
  label: string,
  custom: boolean,
): Record<string, unknown> => ({
  PKey: `@${Buffer.from(`filter:${path}:${name}`).toString('base64url')}`,
  category: custom ? '10_custom' : '99_none',
  data: `/${path}/${name}?${params.map((p) => `${p}=$value`).join('&')}`,
  formType: custom ? 'webPage' : 'none',
  fragmentName: '',
  label,
});

const resource = (
  name: string,
  label: string,
  schema: string,
  fields: Record<string, F>,
  filters: readonly (readonly [string, readonly string[], string, boolean])[],
  keys: Record<string, readonly string[]>,
): Record<string, unknown> => {
  const path = `profileAndServicesExt/${name}`;
  return {
    content: Object.fromEntries(Object.entries(fields).map(([n, f]) => [n, field(n, f)])),
    data: `/${path}/`,
    filters: {
      href: `${BASE}/profileAndServicesExt/resourceType/${name}/filters`,
      content: Object.fromEntries(
        filters.map(([n, params, l, custom]) => [n, filter(path, n, params, l, custom)]),
      ),
    },
    help: label,
    href: `${BASE}/${path}/metadata`,
    // Identification keys are not part of Adobe's documented resourceType body: modeled by ferry (see README).
    keys: Object.fromEntries(
      Object.entries(keys).map(([n, fieldsOf]) => [n, { label: n, fields: fieldsOf }]),
    ),
    label,
    mandatory: false,
    name,
    pkgStatus: 'never',
    readOnly: false,
    schema,
    type: 'item',
  };
};

const bool = (label: string): F => ({ type: 'boolean', label, category: 'noLongerContact' });
const audit = {
  created: { type: 'datetime', label: 'Created', readOnly: true, category: 'access' },
  lastModified: { type: 'datetime', label: 'Last modified', readOnly: true, category: 'access' },
} satisfies Record<string, F>;

export const CAMPAIGN_RESOURCES: Record<string, Record<string, unknown>> = {
  profile: resource(
    'profile',
    'Profiles',
    'nms:recipient',
    {
      PKey: { type: 'string', label: 'Primary key', readOnly: true },
      email: { type: 'string', label: 'Email', length: 128, dataPolicy: 'email' },
      externalId: { type: 'string', label: 'External Resource ID', length: 100 },
      isExternal: { type: 'boolean', label: 'Is external resource' },
      firstName: { type: 'string', label: 'First name', length: 30, dataPolicy: 'smartCase' },
      middleName: { type: 'string', label: 'Middle name', length: 30 },
      lastName: { type: 'string', label: 'Last name', length: 50, dataPolicy: 'smartCase' },
      salutation: { type: 'string', label: 'Salutation', length: 50 },
      title: { type: 'string', label: 'Title', length: 50 },
      gender: {
        type: 'string',
        label: 'Gender',
        values: [
          ['unknown', 0, 'Unknown'],
          ['male', 1, 'Male'],
          ['female', 2, 'Female'],
        ],
      },
      emailFormat: {
        type: 'string',
        label: 'Email format',
        values: [
          ['unknown', 0, 'Unknown'],
          ['text', 1, 'Text'],
          ['html', 2, 'HTML'],
        ],
      },
      birthDate: { type: 'date', label: 'Birth date' },
      age: { type: 'long', label: 'Age', readOnly: true },
      phone: { type: 'string', label: 'Phone', length: 32 },
      mobilePhone: { type: 'string', label: 'Mobile phone', length: 32 },
      fax: { type: 'string', label: 'Fax', length: 32 },
      preferredLanguage: { type: 'string', label: 'Preferred language', length: 16 },
      timeZone: { type: 'string', label: 'Time zone', length: 50 },
      postalAddress: { type: 'item', label: 'Postal address' },
      ...audit,
      denyList: bool('No longer contact (by any channel)'),
      denyListEmail: bool('No longer contact by email'),
      denyListFax: bool('No longer contact by fax'),
      denyListMobile: bool('No longer contact by SMS'),
      denyListPhone: bool('No longer contact by phone'),
      denyListPostalMail: bool('No longer contact by direct mail'),
      denyListPushnotification: bool('No longer contact by push notification'),
      blackList: bool('No longer contact (by any channel)'),
      blackListEmail: bool('No longer contact by email'),
      blackListFax: bool('No longer contact by fax'),
      blackListMobile: bool('No longer contact by SMS'),
      blackListPhone: bool('No longer contact by phone'),
      blackListPostalMail: bool('No longer contact by direct mail'),
      blackListPushnotification: bool('No longer contact by push notification'),
      ccpaOptOut: bool('CCPA opt-out'),
      cusLoyaltyTier: { type: 'string', label: 'Loyalty tier', length: 30, category: 'custom' },
    },
    [
      ['byEmail', ['email'], 'By email', false],
      ['byText', ['text'], 'By name or email', false],
      ['byExternalId', ['externalId_parameter'], 'By external id', true],
    ],
    { externalIdKey: ['externalId'] },
  ),

  cusVehicle: resource(
    'cusVehicle',
    'Vehicles',
    'cus:vehicle',
    {
      PKey: { type: 'string', label: 'Primary key', readOnly: true },
      crmId: { type: 'string', label: 'CRM ID', length: 36, mandatory: true, category: 'custom' },
      name: { type: 'string', label: 'Name', length: 100, category: 'custom' },
      vin: { type: 'string', label: 'VIN', length: 17, category: 'custom' },
      model: { type: 'string', label: 'Model', length: 100, category: 'custom' },
      year: { type: 'long', label: 'Year', category: 'custom' },
      fuelType: { type: 'string', label: 'Fuel type', length: 30, category: 'custom' },
      purchaseDate: { type: 'date', label: 'Purchase date', category: 'custom' },
      profile: { type: 'link', label: 'Profile', resTarget: 'profile', category: 'custom' },
      ...audit,
    },
    [['byCrmId', ['crmId_parameter'], 'By CRM id', true]],
    { crmIdKey: ['crmId'] },
  ),

  cusServiceVisit: resource(
    'cusServiceVisit',
    'Service visits',
    'cus:serviceVisit',
    {
      PKey: { type: 'string', label: 'Primary key', readOnly: true },
      crmId: { type: 'string', label: 'CRM ID', length: 36, mandatory: true, category: 'custom' },
      name: { type: 'string', label: 'Name', length: 100, category: 'custom' },
      visitDate: { type: 'date', label: 'Visit date', category: 'custom' },
      cost: { type: 'double', label: 'Cost', category: 'custom' },
      mileage: { type: 'long', label: 'Mileage', category: 'custom' },
      vehicle: { type: 'link', label: 'Vehicle', resTarget: 'cusVehicle', category: 'custom' },
      ...audit,
    },
    [['byCrmId', ['crmId_parameter'], 'By CRM id', true]],
    { crmIdKey: ['crmId'] },
  ),
};
