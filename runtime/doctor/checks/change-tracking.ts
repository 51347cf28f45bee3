// Change tracking on every table a mapping reads incrementally (EntityDefinitions ChangeTrackingEnabled).
import { entityInfo } from '../entity-info.ts';
import type { Check, Finding } from '../types.ts';
import { fail, message, ok } from '../types.ts';

const CHECK = 'change tracking';

export const changeTracking: Check = async (ctx) => {
  const out: Finding[] = [];
  for (const table of ctx.needs.sources) {
    try {
      const info = await entityInfo(ctx, table);
      if (info === null)
        out.push(
          fail(
            CHECK,
            `table ${table} does not exist in Dynamics`,
            `Create table ${table}, or correct source.entity in the mapping.`,
          ),
        );
      else if (info.changeTracking) out.push(ok(CHECK, `${table}: enabled`));
      else
        out.push(
          fail(
            CHECK,
            `${table}: ChangeTrackingEnabled is false, so ferry cannot read only the changes`,
            `Turn on "Track changes" for ${table} (make.powerapps.com > Tables > ${table} > Properties > Advanced options).`,
          ),
        );
    } catch (err) {
      out.push(fail(CHECK, `${table}: ${message(err)}`, 'Fix the token or WhoAmI finding first.'));
    }
  }
  return out;
};
