// Hand-written flows implementing runtime/contract.ts, shaped like what the compiler emits.
import type {
  EntityFlow,
  EventsFlow,
  EventTypeFlow,
  OptoutDecision,
  OptoutFlow,
  OptoutSide,
  SourceRow,
} from '../../../runtime/contract.ts';

const origin = (file: string, line = 1) => ({ file, line, col: 1 });
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export const profileTarget = {
  resource: 'profile',
  path: 'profileAndServicesExt/profile',
  key: 'externalId',
  filter: 'byExternalId',
  filterParam: 'externalId_parameter',
};

export function contactsFlow(over: Partial<EntityFlow> = {}): EntityFlow {
  return {
    kind: 'entity',
    name: 'contacts',
    origin: origin('mappings/contacts.yaml', 3),
    source: { entity: 'contact', entitySet: 'contacts', primaryKey: 'contactid' },
    target: profileTarget,
    select: ['birthdate', 'contactid', 'emailaddress1', 'firstname', 'lastname', 'statecode'],
    odataFilter: 'emailaddress1 ne null',
    matches: (r: SourceRow) => r['emailaddress1'] !== null && r['emailaddress1'] !== undefined,
    transform: (r: SourceRow) => {
      if (r['firstname'] === 'BOOM') throw new Error('bad value for firstName');
      return {
        email: (str(r['emailaddress1']) ?? '').trim().toLowerCase(),
        firstName: str(r['firstname']),
        lastName: str(r['lastname']),
        birthDate: str(r['birthdate']),
      };
    },
    createOnly: ['birthDate'],
    hashFields: ['email', 'firstName', 'lastName'],
    links: [],
    deletes: 'propagate',
    deleteFilteredOut: false,
    onlyOwnRecords: true,
    dependsOn: [],
    ...over,
  };
}

export const vehicleTarget = {
  resource: 'cusVehicle',
  path: 'profileAndServicesExt/cusVehicle',
  key: 'cusCrmId',
  filter: 'byCrmId',
  filterParam: 'cusCrmId_parameter',
};

export function vehiclesFlow(over: Partial<EntityFlow> = {}): EntityFlow {
  return {
    kind: 'entity',
    name: 'vehicles',
    origin: origin('mappings/vehicles.yaml', 2),
    source: { entity: 'new_vehicle', entitySet: 'new_vehicles', primaryKey: 'new_vehicleid' },
    target: vehicleTarget,
    select: ['_new_contactid_value', 'new_plate', 'new_vehicleid'],
    odataFilter: null,
    matches: () => true,
    transform: (r) => ({ cusPlate: str(r['new_plate']) }),
    createOnly: [],
    hashFields: ['cusPlate'],
    links: [{ name: 'cusProfile', from: '_new_contactid_value', flow: 'contacts', required: true }],
    deletes: 'propagate',
    deleteFilteredOut: false,
    onlyOwnRecords: true,
    dependsOn: ['contacts'],
    ...over,
  };
}

function activity(type: string): EventTypeFlow {
  const entity = `ferry_email${type}`;
  return {
    entity,
    entitySet: `${entity}s`,
    key: 'ferry_eventid',
    regardingNav: `regardingobjectid_contact_${entity}`,
    origin: origin('mappings/email-events.yaml', 10),
    transform: (e) => ({
      subject: `${e.campaignId} ${e.deliveryId}`,
      ferry_campaignname: e.campaignId,
      ferry_deliveryname: e.deliveryId,
      ferry_date: e.timestamp.toISOString(),
      ferry_url: e.url,
      ferry_mirrorpageurl: e.mirrorPageUrl,
    }),
    followUp:
      type === 'click'
        ? {
            entity: 'task',
            entitySet: 'tasks',
            key: 'activityid',
            regardingNav: 'regardingobjectid_contact_task',
            dueInDays: 3,
            transform: (e) => ({ subject: `Follow up: ${e.email} clicked ${e.url ?? ''}` }),
          }
        : null,
  };
}

export function eventsFlow(over: Partial<EventsFlow> = {}): EventsFlow {
  return {
    kind: 'events',
    name: 'email-events',
    origin: origin('mappings/email-events.yaml', 1),
    contact: { entity: 'contact', entitySet: 'contacts', primaryKey: 'contactid' },
    types: {
      send: activity('send'),
      open: activity('open'),
      click: activity('click'),
      bounce: activity('bounce'),
    },
    hardBouncesOnly: true,
    ...over,
  };
}

const newer = (a: Date | null, b: Date | null): boolean =>
  a !== null && b !== null && a.getTime() > b.getTime();

/** Adobe's rule: a newer Campaign change wins; otherwise (or on a tie) opt-out = true wins. */
export function adobeRule(d: OptoutSide, c: OptoutSide): OptoutDecision {
  if (c.value !== null && newer(c.modifiedAt, d.modifiedAt))
    return { value: c.value, winner: 'campaign', reason: 'Campaign change is newer' };
  const value = d.value === true || c.value === true;
  return {
    value,
    winner: value === d.value ? 'dynamics' : 'campaign',
    reason: 'Dynamics newer or tie: opt-out wins',
  };
}

/** Strict: an opt-out wins unless the other side holds a newer explicit opt-in. */
export function strictRule(d: OptoutSide, c: OptoutSide): OptoutDecision {
  if (d.value === true && c.value === false && newer(c.modifiedAt, d.modifiedAt))
    return { value: false, winner: 'campaign', reason: 'newer explicit opt-in in Campaign' };
  if (c.value === true && d.value === false && newer(d.modifiedAt, c.modifiedAt))
    return { value: false, winner: 'dynamics', reason: 'newer explicit opt-in in Dynamics' };
  const value = d.value === true || c.value === true;
  return { value, winner: value === d.value ? 'dynamics' : 'campaign', reason: 'opt-out wins' };
}

export function optoutFlow(over: Partial<OptoutFlow> = {}): OptoutFlow {
  return {
    kind: 'optout',
    name: 'optout',
    origin: origin('mappings/optout.yaml', 1),
    direction: 'both',
    rule: 'adobe',
    source: {
      entity: 'contact',
      entitySet: 'contacts',
      primaryKey: 'contactid',
      modifiedField: 'modifiedon',
    },
    target: profileTarget,
    pairs: [{ dynamics: 'donotbulkemail', campaign: 'denyListEmail' }],
    decide: adobeRule,
    ...over,
  };
}
