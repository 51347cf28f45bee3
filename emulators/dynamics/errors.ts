// Exact Dataverse error codes and messages (reference dynamics-web-api.md §2-§11).
import { ApiError } from './api.ts';

const NS = 'Microsoft.Dynamics.CRM';

export const E = {
  segmentNotFound: (segment: string) =>
    new ApiError(404, '0x8006088a', `Resource not found for the segment '${segment}'.`),
  unknownProperty: (prop: string, entity: string) =>
    new ApiError(400, '0x0', `Could not find a property named '${prop}' on type '${NS}.${entity}'.`),
  invalidBodyProperty: (prop: string, entity: string) =>
    new ApiError(
      400,
      '0x0',
      // The reference truncates after "--->"; the inner exception repeats the outer text in live responses (inference).
      `An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid property '${prop}' was found in entity '${NS}.${entity}'. ---> Microsoft.Crm.CrmException: Invalid property '${prop}' was found in entity '${NS}.${entity}'.`,
    ),
  bindOnColumn: (set: string, prop: string) =>
    new ApiError(
      400,
      '0x80048d19',
      `Error identified in Payload provided by the user for Entity :'${set}' ----> InnerException : Microsoft.OData.ODataException: An undeclared property '${prop}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
    ),
  payload: (set: string, inner: string) =>
    new ApiError(
      400,
      '0x80048d19',
      `Error identified in Payload provided by the user for Entity :'${set}' ----> InnerException : Microsoft.OData.ODataException: ${inner}`,
    ),
  notFound: (entity: string, id: string) =>
    new ApiError(404, '0x80040217', `Entity '${entity}' With Id = ${id} Does Not Exist`),
  // Alternate-key miss: wording not in the reference; chosen to match the ObjectDoesNotExist family (inference).
  notFoundByKey: (entity: string) =>
    new ApiError(
      404,
      '0x80040217',
      `A record with the specified key values does not exist in ${entity} entity`,
    ),
  versionMismatch: () =>
    new ApiError(
      412,
      '',
      "The version of the existing record doesn't match the RowVersion property provided.",
    ),
  alreadyExists: () => new ApiError(412, '', 'A record with matching key values already exists.'),
  // DuplicateRecord on a create with an existing primary key (status 412 per §10).
  duplicateRecord: () =>
    new ApiError(412, '0x80040237', 'Operation failed due to a SQL integrity violation.'),
  duplicateKey: (keyName: string, cols: string) =>
    new ApiError(
      412,
      '0x80060892',
      `Entity Key ${keyName} violated. A record with the same value for ${cols} already exists. A duplicate record cannot be created. Try again with a different value.`,
    ),
  keyNotDefined: (entity: string) =>
    new ApiError(
      400,
      '0x80060890',
      `The specified key attributes are not a defined key for the ${entity} entity`,
    ),
  maxLength: (attr: string, entity: string, max: number) =>
    new ApiError(
      400,
      '0x80044331',
      `A validation error occurred.  The length of the '${attr}' attribute of the '${entity}' entity exceeded the maximum allowed length of '${max}'.`,
    ),
  // Option outside the option set: wording inferred from the 0x80044331 validation family.
  badOption: (attr: string, entity: string, v: unknown) =>
    new ApiError(
      400,
      '0x80044331',
      `A validation error occurred.  The value ${String(v)} of '${attr}' on record of type '${entity}' is outside the valid range.`,
    ),
  // Lookup columns are computed in CSDL; Dataverse rejects direct writes with this well-known text (inference for code).
  lookupColumn: () =>
    new ApiError(
      400,
      '0x0',
      'CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.',
    ),
  // Other computed/read-only columns: the reference gives no text; chosen wording (inference).
  readOnly: (attr: string, entity: string) =>
    new ApiError(
      400,
      '0x0',
      `An error occurred while validating input parameters: The property '${attr}' of entity '${NS}.${entity}' is read-only.`,
    ),
  // Query option rejections ($skip/$search/$format, EntityDefinitions $top/$skip/$orderby): code per §10, text inferred.
  queryOption: (opt: string) =>
    new ApiError(400, '0x80060888', `The query parameter ${opt} is not supported`),
  // Status is unverified (§6): 400 chosen; code not in the reference, 0x80060888 (unsupported query option) chosen.
  trackingOption: (opt: string) =>
    new ApiError(
      400,
      '0x80060888',
      `The "$${opt}" query parameter isn't supported when Change Tracking is enabled.`,
    ),
  // Status unverified: 400 chosen (§6 "probably 400").
  trackingDisabled: (entity: string) =>
    new ApiError(400, '0x80072491', `Entity ${entity} isn't enabled for change tracking.`),
  // Status and code unverified (§6): assumed 400 + ExpiredVersionStamp.
  expiredToken: () =>
    new ApiError(
      400,
      '0x80044352',
      'Version stamp associated with the client has expired. Please perform a full sync.',
    ),
  batchTooLarge: (max: number) =>
    new ApiError(400, '0x0', `A maximum number of '${max}' operations are allowed in a change set`),
  contentIdMissing: (ref: string) =>
    new ApiError(400, '0x0', `Content-ID Reference: '${ref}' does not exist in the batch context.`),
  bodyTooLarge: () => new ApiError(413, '', 'Request entity too large.'),
  badRequest: (message: string) => new ApiError(400, '0x0', message),
  // Emulator limitation, not a Dataverse behaviour: features ferry does not use answer 501.
  notImplemented: (what: string) =>
    new ApiError(501, '', `The ferry Dataverse emulator does not implement ${what}.`),
  methodNotAllowed: (url: string) =>
    new ApiError(404, '', `No HTTP resource was found that matches the request URI '${url}'.`),
} as const;
