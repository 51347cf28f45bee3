// FERRY100–FERRY199: metadata loading and name/type resolution. Same registry shape as compiler/diagnostics/codes.ts.
import type { CodeInfo } from '../diagnostics/codes.ts';

export type { CodeInfo } from '../diagnostics/codes.ts';

const c = (code: string, title: string, hint: string): CodeInfo => ({ code, title, hint });

export const RESOLVE = {
  unknownEntity: c(
    'FERRY101',
    'Unknown Dynamics table',
    'Check the logical name (lower case) in tenants/<t>/metadata/dynamics/metadata.xml; run `ferry metadata pull` if the table is new.',
  ),
  unknownResource: c(
    'FERRY102',
    'Unknown Campaign resource',
    'Custom resources must be published in Campaign before they can be mapped; run `ferry metadata pull`.',
  ),
  unknownSourceField: c(
    'FERRY103',
    'Unknown Dynamics column',
    'Use the column logical name as in $metadata (lookups read as `_<name>_value`).',
  ),
  unknownTargetField: c(
    'FERRY104',
    'Unknown target field',
    'Use the field API name from the target metadata; custom Campaign fields carry the `cus` prefix.',
  ),
  unknownEventField: c(
    'FERRY105',
    'Unknown event field',
    'Event fields: eventId, type, timestamp, profilePKey, externalId, email, deliveryId, deliveryLabel, mirrorPageUrl, campaignId, campaignLabel, url, bounceType, bounceReason.',
  ),
  incompatibleTypes: c(
    'FERRY106',
    'Incompatible field types',
    'Without an expr, ferry converts only between booleans, numbers, strings, dates and date-times of compatible kinds; convert explicitly with an expr (e.g. toString(...), toNumber(...), date(...)).',
  ),
  keyTooShort: c('FERRY107', 'Target key field too short for a Dynamics id', 'A GUID needs 36 characters.'),
  unknownOptionValue: c(
    'FERRY108',
    'Value map key is not an option of the source column',
    'Keys are the option values (or labels) of the source column.',
  ),
  optoutNotBoolean: c(
    'FERRY109',
    'Opt-out field is not boolean',
    'Opt-out pairs need a Boolean Dynamics column (usually a `donot*` one) and a boolean Campaign field such as `denyListEmail` or `ccpaOptOut`.',
  ),
  optoutNotInProfile: c(
    'FERRY110',
    'Opt-out field is not a profile field',
    'Opt-out pairs sync contact and profile only.',
  ),
  unknownLinkMapping: c(
    'FERRY111',
    'Link to an unknown mapping',
    'Name the entity mapping that syncs the parent table and list it in tenant.yaml.',
  ),
  linkTargetMismatch: c(
    'FERRY112',
    "Link lookup does not point at the linked mapping's table",
    'The lookup column must reference the source table of the linked mapping.',
  ),
  linkTooDeep: c('FERRY113', 'Link chain too deep', 'Campaign supports at most three levels of links.'),
  tooManyLinks: c('FERRY114', 'Too many links', 'Campaign allows at most 5 link columns per resource.'),
  linkCycle: c('FERRY115', 'Link cycle', 'Parents are written before children, so links must form a tree.'),
  notChangeTracked: c(
    'FERRY116',
    'Table is not change-tracked',
    'Enable change tracking on the table in Dynamics, then run `ferry metadata pull`.',
  ),
  unknownFilter: c(
    'FERRY117',
    'Unknown Campaign filter',
    'Define the filter on the resource (an identification key, then a filter definition whose parameter is `<field>_parameter`) and publish.',
  ),
  tableMappedTwice: c(
    'FERRY118',
    'Dynamics table mapped twice',
    'Each table can be mapped only once; merge the two mappings.',
  ),
  targetShorter: c(
    'FERRY119',
    'Target field shorter than source',
    'Longer values are rejected by Campaign; shorten them with left(...) or widen the field.',
  ),
  mandatoryUnmapped: c(
    'FERRY120',
    'Mandatory target field not mapped',
    'Map the field, or writes that create records will be rejected.',
  ),
  noAlternateKey: c(
    'FERRY121',
    'Activity key is not an alternate key',
    'Define an alternate key on exactly that column in Dynamics so that a replayed event updates instead of duplicating.',
  ),
  noRegarding: c(
    'FERRY122',
    'Activity table has no regarding link to the contact table',
    'Use an activity table (BaseType activitypointer) whose regarding can point at the contact table.',
  ),
  unknownLinkField: c(
    'FERRY123',
    'Link is not a link field of the target resource',
    'Links are the `link` fields of the Campaign resource.',
  ),
  lookupNotNavigable: c(
    'FERRY124',
    'Link column is not a lookup',
    'Use the lookup column `_<name>_value` that has a navigation property.',
  ),
  duplicateMappingName: c('FERRY125', 'Two mappings with the same name', 'Rename one of them.'),
  mappingNotOptoutProfile: c(
    'FERRY126',
    'Opt-out target must be profile',
    'Opt-out pairs sync contact and profile only.',
  ),
  keyNotString: c(
    'FERRY127',
    'Target key field is not a string',
    'The key holds a Dynamics GUID: use a string field of length 36 or more.',
  ),
  notWritable: c(
    'FERRY128',
    'Target field cannot be written',
    'Read-only fields (e.g. age, created) are computed by the target system; links go under `links:`.',
  ),
  notInEnumeration: c(
    'FERRY129',
    'Value not in the target enumeration',
    'Write one of the enumeration values listed.',
  ),
  optoutFieldOwned: c(
    'FERRY130',
    'Opt-out field written by an entity mapping',
    'Remove the field from the entity mapping: the opt-out mapping syncs it with its conflict rule.',
  ),
  definitionsMissing: c(
    'FERRY131',
    'Attribute definitions missing',
    "Add the table's EntityDefinitions file: run `ferry metadata pull`, or save it by hand as ferry's docs/real-tenant-setup.md shows.",
  ),
  picklistWithoutLabels: c(
    'FERRY132',
    'Picklist has no option labels',
    'Pull the attribute definitions again with their option sets, or set `picklists: value` to send the integer codes.',
  ),
  reservedMappingName: c(
    'FERRY133',
    'Mapping name taken by the bundle',
    'The compiled bundle has its own `index` module; rename the mapping (and its file).',
  ),
  badEntitySet: c(
    'FERRY134',
    'Entity set name is not an identifier',
    'The metadata snapshot was edited or is corrupt; pull it again with `ferry metadata pull`.',
  ),
  flavorFilterNoRestName: c(
    'FERRY150',
    'Filter has no name in the Campaign v8 REST API',
    'In Campaign v8, open the filter, Parameters tab, fill "Filter name in REST API", then pull the metadata again.',
  ),
  flavorDroppedField: c(
    'FERRY151',
    'Field dropped by the Campaign v8 migration',
    'Campaign v8 answers this field blank: every value written to it is lost. Write another field, or remove it from `campaign.droppedFields` if the migration kept it.',
  ),
  flavorStandardFilterName: c(
    'FERRY152',
    'Filter is called with the Campaign Standard `by` prefix',
    'Campaign v8 calls custom filters by their "Filter name in REST API"; pull the metadata from the v8 instance (`ferry metadata pull`).',
  ),
  flavorUnknownDroppedResource: c(
    'FERRY153',
    'Dropped fields listed for a resource no mapping knows',
    'Check the resource and field names in `campaign.droppedFields` against the metadata snapshot.',
  ),
  metadataMissing: c(
    'FERRY190',
    'Metadata snapshot missing',
    'Run `ferry metadata pull --tenant <t>` and commit tenants/<t>/metadata/.',
  ),
  metadataUnreadable: c(
    'FERRY191',
    'Metadata snapshot cannot be parsed',
    'Pull the metadata again with `ferry metadata pull`.',
  ),
  metadataWarning: c(
    'FERRY192',
    'Metadata snapshot inconsistency',
    'The snapshot files disagree; pull them again together.',
  ),
} as const satisfies Record<string, CodeInfo>;

export const RESOLVE_CODES: readonly CodeInfo[] = Object.values(RESOLVE);
