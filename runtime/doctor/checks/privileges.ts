// The application user's privileges on every table the mappings read or write (RetrieveUserPrivileges).
// Reading changes needs organization-level (Global) read; activities need Create, Read, Write, Append at any depth.
import { parseJson } from '../../http/errors.ts';
import { entityInfo } from '../entity-info.ts';
import type { Check, Finding } from '../types.ts';
import { fail, message, ok, warn } from '../types.ts';

const CHECK = 'privileges';
type Json = Record<string, unknown>;

export const privileges: Check = async (ctx) => {
  const userId = ctx.facts.userId;
  if (userId === undefined)
    return [
      warn(
        CHECK,
        'not checked: WhoAmI gave no application user',
        'Fix the Dynamics token or WhoAmI finding first.',
      ),
    ];
  const d = ctx.conn.dynamics;
  let held: Map<string, string>;
  try {
    const what = 'RetrieveUserPrivileges';
    const res = await d.http.get(
      d.http.url(`systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`),
      undefined,
      what,
    );
    const list = (parseJson<Json>(res, what)['RolePrivileges'] as Json[] | undefined) ?? [];
    // Privilege names embed the SchemaName, whose case differs from the logical name: compare lower-cased.
    held = new Map(list.map((p) => [String(p['PrivilegeName']).toLowerCase(), String(p['Depth'])]));
  } catch (err) {
    return [
      fail(
        CHECK,
        message(err),
        'Give the application user a security role (Power Platform admin center > Application users > Edit security roles).',
      ),
    ];
  }
  const out: Finding[] = [];
  for (const [table, verbs] of ctx.needs.privileges) {
    try {
      const info = await entityInfo(ctx, table);
      if (info === null) {
        out.push(
          fail(
            CHECK,
            `table ${table} does not exist in Dynamics`,
            `Create table ${table} (ferry provision creates the activity tables).`,
          ),
        );
        continue;
      }
      const missing: string[] = [];
      const narrow: string[] = [];
      const held_: string[] = [];
      for (const [verb, scope] of verbs) {
        const name = `prv${verb}${info.schemaName}`;
        const depth = held.get(name.toLowerCase());
        if (depth === undefined) missing.push(name);
        // Change tracking and other users' contacts need organization scope; ferry's own activities do not.
        else if (scope === 'org' && depth !== 'Global') narrow.push(`${name} (${depth})`);
        else held_.push(`${verb} ${depth === 'Global' ? 'Organization' : depth}`);
      }
      const role = `Add ${[...missing, ...narrow.map((n) => n.split(' ')[0])].join(', ')} to the application user's security role (Organization level for Read on synced tables and for contact).`;
      if (missing.length > 0) out.push(fail(CHECK, `${table}: missing ${missing.join(', ')}`, role));
      else if (narrow.length > 0)
        out.push(
          fail(
            CHECK,
            `${table}: ${narrow.join(', ')} below Organization level, so other users' records are out of reach`,
            role,
          ),
        );
      else out.push(ok(CHECK, `${table}: ${held_.join(', ')}`));
    } catch (err) {
      out.push(fail(CHECK, `${table}: ${message(err)}`, 'Fix the token or WhoAmI finding first.'));
    }
  }
  return out;
};
