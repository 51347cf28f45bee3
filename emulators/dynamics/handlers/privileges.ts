// `systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`: the bound function returning the
// RetrieveUserPrivilegesResponse (`RolePrivileges`: Collection(RolePrivilege)) of one user.
import { jsonResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import type { Segment } from '../odata/path.ts';
import { nameGuid } from '../synth.ts';

const NS = 'Microsoft.Dynamics.CRM.';

/** True for the bound functions this module serves. */
export const isPrivilegeFunction = (entity: string, seg: Segment): boolean =>
  entity === 'systemuser' && seg.name === `${NS}RetrieveUserPrivileges`;

export function retrieveUserPrivileges(
  ctx: EmulatorContext,
  userKey: string,
  seg: Segment,
  req: ApiRequest,
): ApiResponse {
  // A function answers GET only (§10): POST gets the "No HTTP resource" 404.
  if (req.method !== 'GET') throw E.methodNotAllowed(`${ctx.base}systemusers(${userKey})/${seg.name}`);
  if (seg.key !== undefined && seg.key !== '')
    throw E.badRequest(`RetrieveUserPrivileges takes no parameters.`);
  const id = userKey.trim().toLowerCase();
  // The caller's own id from WhoAmI is a user even when no systemuser row was seeded for it.
  const own = nameGuid(`systemuser:${req.subject}`);
  if (ctx.store.table('systemuser')?.rows.get(id) === undefined && id !== own)
    throw E.notFound('systemuser', id);
  const schemaNames = [...ctx.entityDefinitions.values()]
    .map((d) => d['SchemaName'] ?? d['LogicalName'])
    .filter((n): n is string => typeof n === 'string')
    .sort();
  const RolePrivileges = ctx.privileges.held(schemaNames).map((p) => ({
    BusinessUnitId: ctx.businessUnitId,
    Depth: p.depth,
    PrivilegeId: nameGuid(`privilege:${p.name.toLowerCase()}`),
    PrivilegeName: p.name,
    RecordFilterId: null,
    RecordFilterUniqueName: null,
  }));
  return jsonResponse(200, {
    '@odata.context': `${ctx.base}$metadata#${NS}RetrieveUserPrivilegesResponse`,
    RolePrivileges,
  });
}
