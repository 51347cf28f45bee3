// Alternate keys on the activity tables events mappings write: present on the event-id column and active
// (EntityDefinitions Keys, EntityKeyIndexStatus). Servers without the Keys collection: the $metadata annotation.
import { entityKeys, type EntityKey } from '../entity-info.ts';
import type { Check, DoctorContext, Finding } from '../types.ts';
import { fail, message, ok, warn } from '../types.ts';

const CHECK = 'alternate keys';

async function keysOf(
  ctx: DoctorContext,
  table: string,
): Promise<{ keys: EntityKey[]; fromCsdl: boolean } | null> {
  const listed = await entityKeys(ctx, table);
  if (listed !== null) return { keys: listed, fromCsdl: false };
  const entity = (await ctx.conn.dynamics.liveMetadata()).entities.get(table);
  if (entity === undefined) return null;
  return { keys: entity.alternateKeys.map((a) => ({ name: a.join('+'), attributes: a })), fromCsdl: true };
}

export const alternateKeys: Check = async (ctx) => {
  const out: Finding[] = [];
  for (const { table, key } of ctx.needs.activities) {
    const create = `Run ferry provision, or add an alternate key on ${key} to ${table} (make.powerapps.com > Tables > ${table} > Keys).`;
    try {
      const found = await keysOf(ctx, table);
      if (found === null) {
        out.push(fail(CHECK, `table ${table} does not exist in Dynamics`, create));
        continue;
      }
      const k = found.keys.find((x) => x.attributes.length === 1 && x.attributes[0] === key);
      if (k === undefined) out.push(fail(CHECK, `${table} has no alternate key on ${key} alone`, create));
      else if (k.status === undefined || k.status === 'Active')
        out.push(
          ok(
            CHECK,
            `${table}: key ${k.name} on ${key}${found.fromCsdl ? ' (from $metadata; index status not served)' : ' is Active'}`,
          ),
        );
      else if (k.status === 'Failed')
        out.push(
          fail(
            CHECK,
            `${table}: key ${k.name} on ${key} failed to build its index (EntityKeyIndexStatus Failed)`,
            `Remove duplicate ${key} values, then reactivate the key (make.powerapps.com > Tables > ${table} > Keys > ${k.name} > Reactivate).`,
          ),
        );
      else
        out.push(
          warn(
            CHECK,
            `${table}: key ${k.name} on ${key} is ${k.status}; upserts by ${key} fail until it is Active`,
            'Wait for the system job that builds the key index (Settings > System jobs), then run ferry doctor again.',
          ),
        );
    } catch (err) {
      out.push(fail(CHECK, `${table}: ${message(err)}`, 'Fix the token or WhoAmI finding first.'));
    }
  }
  return out;
};
