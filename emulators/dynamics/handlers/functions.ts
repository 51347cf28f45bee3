// Unbound functions and actions: `WhoAmI` and `RetrieveVersion` are served; any other known operation answers 501, never a row-style 404.
import { jsonResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import type { Segment } from '../odata/path.ts';
import { nameGuid } from '../synth.ts';

const NS = 'Microsoft.Dynamics.CRM.';
/** Version reported by RetrieveVersion: the Web API version served (v9.2) with a made-up build. */
const EMULATED_VERSION = '9.2.0.0';

/** Well-known Dataverse unbound messages (Web API function/action reference), for CSDL snapshots that omit them. */
const KNOWN = new Set([
  'WhoAmI',
  'RetrieveVersion',
  'RetrieveCurrentOrganization',
  'RetrieveTotalRecordCount',
  'RetrieveMetadataChanges',
  'RetrieveUserPrivileges',
  'RetrievePrincipalAccess',
  'RetrieveAllEntities',
  'RetrieveEntityChanges',
  'RetrieveAttributeChangeHistory',
  'RetrieveRecordChangeHistory',
  'RetrieveDuplicates',
  'RetrieveUserSettingsSystemUser',
  'InitializeFrom',
  'CalculateRollupField',
  'FetchXmlToQueryExpression',
  'ExecuteWorkflow',
  'GrantAccess',
  'RevokeAccess',
  'ModifyAccess',
  'Merge',
  'SendEmail',
  'SendEmailFromTemplate',
  'SetState',
  'AddMembersTeam',
  'AddToQueue',
  'Assign',
  'PublishXml',
  'PublishAllXml',
  'ImportSolution',
  'ExportSolution',
  'CreateMultiple',
  'UpdateMultiple',
  'UpsertMultiple',
  'DeleteMultiple',
  'BulkDelete',
]);

/** True when the segment names an unbound function or action (declared, well known, or called with `()`). */
export function isOperation(ctx: EmulatorContext, seg: Segment): boolean {
  const name = seg.name.startsWith(NS) ? seg.name.slice(NS.length) : seg.name;
  return (
    seg.name.startsWith(NS) ||
    KNOWN.has(name) ||
    (ctx.store.metadata.unboundOperations ?? []).includes(name) ||
    // `Name()` or `Name(p=@p1)`: call syntax, which no entity-set key predicate uses.
    seg.key === '' ||
    /=@/.test(seg.key ?? '')
  );
}

/** Runs an unbound operation; `segs[0]` satisfied `isOperation`. */
export function unboundOperation(
  ctx: EmulatorContext,
  segs: readonly Segment[],
  req: ApiRequest,
): ApiResponse {
  const seg = segs[0] as Segment;
  const name = seg.name.startsWith(NS) ? seg.name.slice(NS.length) : seg.name;
  if (name === 'WhoAmI' && segs.length === 1 && (seg.key === undefined || seg.key === '')) {
    // A function answers GET only; POST gets the documented "No HTTP resource" 404 (§10).
    if (req.method !== 'GET') throw E.methodNotAllowed(`${ctx.base}${seg.name}`);
    return whoAmI(ctx, req);
  }
  if (name === 'RetrieveVersion' && segs.length === 1 && (seg.key === undefined || seg.key === '')) {
    if (req.method !== 'GET') throw E.methodNotAllowed(`${ctx.base}${seg.name}`);
    // RetrieveVersionResponse: one `Version` string; the build number is the emulator's own.
    return jsonResponse(200, {
      '@odata.context': `${ctx.base}$metadata#${NS}RetrieveVersionResponse`,
      Version: EMULATED_VERSION,
    });
  }
  throw E.notImplemented(`the ${name} ${req.method === 'GET' ? 'function' : 'action'}`);
}

/** `WhoAmIResponse`: the caller's systemuser (a row whose `applicationid` is the token's client), its business unit, the org. */
function whoAmI(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  const users = ctx.store.table('systemuser');
  let user: Record<string, unknown> | undefined;
  for (const r of users?.rows.values() ?? [])
    if (String(r['applicationid'] ?? '').toLowerCase() === req.subject.toLowerCase()) user = r;
  const userId = (user?.['systemuserid'] as string | undefined) ?? nameGuid(`systemuser:${req.subject}`);
  const bu = user?.['_businessunitid_value'];
  return jsonResponse(200, {
    '@odata.context': `${ctx.base}$metadata#${NS}WhoAmIResponse`,
    BusinessUnitId: typeof bu === 'string' ? bu : ctx.businessUnitId,
    UserId: userId,
    OrganizationId: ctx.organizationId,
  });
}
