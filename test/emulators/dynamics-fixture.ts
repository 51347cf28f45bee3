// Hand-built org schema for emulator tests (independent of the sandbox snapshot files).
import {
  startDynamicsEmulator,
  type AttributeDef,
  type EntityDef,
  type NavigationDef,
  type OrgSchema,
  type DynamicsEmulator,
  type DynamicsEmulatorOptions,
} from '../../emulators/dynamics/index.ts';
import { TokenRegistry } from '../../emulators/entra/tokens.ts';

const attr = (name: string, type: string, extra: Partial<AttributeDef> = {}): [string, AttributeDef] => [
  name,
  { name, type, nullable: true, computed: false, ...extra },
];
const nav = (
  name: string,
  target: string,
  property?: string,
  referencedProperty?: string,
): [string, NavigationDef] => [
  name,
  {
    name,
    target,
    collection: false,
    ...(property && referencedProperty ? { constraint: { property, referencedProperty } } : {}),
  },
];

const contact: EntityDef = {
  logicalName: 'contact',
  entitySetName: 'contacts',
  primaryKey: 'contactid',
  changeTracking: true,
  alternateKeys: [['ferry_eventid']],
  attributes: new Map([
    attr('contactid', 'Edm.Guid', { attributeType: 'Uniqueidentifier' }),
    attr('firstname', 'Edm.String', { maxLength: 50, attributeType: 'String' }),
    attr('lastname', 'Edm.String', {
      maxLength: 50,
      attributeType: 'String',
      requiredLevel: 'ApplicationRequired',
    }),
    attr('emailaddress1', 'Edm.String', { maxLength: 100, attributeType: 'String' }),
    attr('ferry_eventid', 'Edm.String', { maxLength: 100, attributeType: 'String' }),
    attr('donotbulkemail', 'Edm.Boolean', {
      attributeType: 'Boolean',
      options: [
        { value: 0, label: 'Allow' },
        { value: 1, label: 'Do Not Allow' },
      ],
    }),
    attr('gendercode', 'Edm.Int32', {
      attributeType: 'Picklist',
      options: [
        { value: 1, label: 'Male' },
        { value: 2, label: 'Female' },
      ],
    }),
    attr('statecode', 'Edm.Int32', {
      attributeType: 'State',
      options: [
        { value: 0, label: 'Active' },
        { value: 1, label: 'Inactive' },
      ],
    }),
    attr('statuscode', 'Edm.Int32', {
      attributeType: 'Status',
      options: [
        { value: 1, label: 'Active' },
        { value: 2, label: 'Inactive' },
      ],
    }),
    attr('birthdate', 'Edm.Date', { attributeType: 'DateTime' }),
    attr('createdon', 'Edm.DateTimeOffset', { computed: true, attributeType: 'DateTime' }),
    attr('modifiedon', 'Edm.DateTimeOffset', { computed: true, attributeType: 'DateTime' }),
    attr('versionnumber', 'Edm.Int64', { computed: true, attributeType: 'BigInt' }),
    attr('_parentcustomerid_value', 'Edm.Guid', { computed: true, attributeType: 'Customer' }),
  ]),
  navigations: new Map([
    nav('parentcustomerid_account', 'account', '_parentcustomerid_value', 'accountid'),
    nav('parentcustomerid_contact', 'contact', '_parentcustomerid_value', 'contactid'),
  ]),
};

const account: EntityDef = {
  logicalName: 'account',
  entitySetName: 'accounts',
  primaryKey: 'accountid',
  changeTracking: true,
  alternateKeys: [['accountnumber']],
  attributes: new Map([
    attr('accountid', 'Edm.Guid'),
    attr('name', 'Edm.String', { maxLength: 160, attributeType: 'String' }),
    attr('accountnumber', 'Edm.String', { maxLength: 20, attributeType: 'String' }),
    attr('_primarycontactid_value', 'Edm.Guid', { computed: true, attributeType: 'Lookup' }),
    attr('versionnumber', 'Edm.Int64', { computed: true }),
  ]),
  navigations: new Map([nav('primarycontactid', 'contact', '_primarycontactid_value', 'contactid')]),
};

const task: EntityDef = {
  logicalName: 'task',
  entitySetName: 'tasks',
  primaryKey: 'activityid',
  changeTracking: false,
  alternateKeys: [],
  baseType: 'activitypointer',
  attributes: new Map([
    attr('activityid', 'Edm.Guid'),
    attr('subject', 'Edm.String', { maxLength: 200, attributeType: 'String' }),
  ]),
  navigations: new Map(),
};

export const dynamicsMetadata: OrgSchema = {
  entities: new Map([
    ['contact', contact],
    ['account', account],
    ['task', task],
  ]),
  boundActions: new Map([['contacts', ['CreateMultiple', 'UpdateMultiple', 'UpsertMultiple']]]),
};

export interface TestDynamics {
  readonly emu: DynamicsEmulator;
  readonly tokens: TokenRegistry;
  readonly token: string;
  /** fetch against the API root with a valid bearer token. */
  api(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: string | object },
  ): Promise<Response>;
}

export async function startTestDynamics(opts: Partial<DynamicsEmulatorOptions> = {}): Promise<TestDynamics> {
  const tokens = new TokenRegistry();
  const emu = await startDynamicsEmulator({ metadata: dynamicsMetadata, tokens, ...opts });
  const { token } = tokens.issue({ subject: 'test-client', tenantId: 't', audience: emu.url }, 3600);
  return {
    emu,
    tokens,
    token,
    api: (method, path, init = {}) =>
      fetch(`${emu.apiUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          'OData-Version': '4.0',
          ...(init.body !== undefined && typeof init.body === 'object'
            ? { 'Content-Type': 'application/json' }
            : {}),
          ...init.headers,
        },
        ...(init.body !== undefined
          ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
          : {}),
      }),
  };
}
