// Opt-out changes seen in Campaign: profiles modified since the watermark (or all of them), page by page.
import type { OptoutFlow } from '../../contract.ts';
import type { CampaignRecord } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { mapBounded } from '../pool.ts';
import { throwIfAborted } from '../record-errors.ts';
import { isGuid } from '../../../core/guid.ts';
import { parseTimestamp } from '../../../core/time.ts';
import { decideRow, type RowChanges } from './decide.ts';
import { optoutSelect } from './dynamics-side.ts';
import { CampaignFieldTimes } from './field-times.ts';
import { writeCampaign, writeDynamics } from './write.ts';

/** `full`: list every profile (first run, replay, expired Dynamics token) instead of those since the watermark. */
export async function fromCampaign(ctx: FlowRunContext, flow: OptoutFlow, full: boolean): Promise<void> {
  const keepWatermark = flow.direction !== 'to-campaign';
  const since = full || !keepWatermark ? null : await ctx.state.getCheckpoint(flow.name, 'watermark');
  let wm = since;
  for await (const records of ctx.campaign.modifiedSince(
    flow.target,
    since === null ? null : new Date(since),
  )) {
    throwIfAborted(ctx.signal);
    ctx.counts.add('read', records.length);
    const withId = new Map<string, CampaignRecord>();
    for (const rec of records) {
      const ext = rec[flow.target.key];
      if (typeof ext === 'string' && isGuid(ext)) withId.set(ext.toLowerCase(), rec);
      else ctx.counts.skip(`profile has no ${flow.target.key}`);
    }
    const ids = [...withId.keys()];
    const rows =
      ids.length === 0
        ? []
        : await ctx.dynamics.getByIds({
            entitySet: flow.source.entitySet,
            primaryKey: flow.source.primaryKey,
            select: optoutSelect(flow),
            ids,
          });
    const byId = new Map(rows.map((r) => [String(r[flow.source.primaryKey]).toLowerCase(), r]));
    const times = await CampaignFieldTimes.load(ctx, flow, ids);
    const changes = await mapBounded([...withId], ctx.concurrency, async ([id, rec]) => {
      const row = byId.get(id);
      if (row === undefined) return void ctx.counts.skip(`no Dynamics ${flow.source.entity}`);
      const c = await decideRow(ctx, flow, id, row, rec, times);
      await writeCampaign(ctx, flow, rec, c, times);
      return c;
    });
    await times.save(); // before the Dynamics batch: what was seen and written in Campaign stays true if it fails
    await writeDynamics(
      ctx,
      flow,
      changes.filter((c): c is RowChanges => c !== undefined),
    );
    wm = watermark(wm, records);
    ctx.progress('campaign opt-outs');
  }
  // Stored once, after every page: the API lists newest first, so a watermark saved after page 1
  // would skip the older pages after a crash. (Newest-first is also what keeps the listing from
  // skipping records that our own writes move to the front.)
  const next = wm;
  if (keepWatermark) await ctx.state.transaction(() => ctx.state.setCheckpoint(flow.name, 'watermark', next));
}

/** Latest lastModified minus 1 ms: records sharing the boundary instant are read again (harmless), never skipped. */
function watermark(prev: string | null, records: readonly CampaignRecord[]): string | null {
  let max = prev === null ? null : new Date(prev).getTime();
  for (const r of records) {
    const t = parseTimestamp(r['lastModified'])?.getTime();
    if (t !== undefined && (max === null || t - 1 > max)) max = t - 1;
  }
  return max === null ? null : new Date(max).toISOString();
}
