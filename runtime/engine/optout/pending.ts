// Pending opt-outs are retried FIRST on every run, before new changes are read.
import type { OptoutFlow } from '../../contract.ts';
import { RecordError } from '../../../core/errors.ts';
import type { PendingOptout } from '../../state/port.ts';
import type { FlowRunContext } from '../context.ts';
import { isRecordLevel, messageOf } from '../record-errors.ts';
import { CampaignFieldTimes } from './field-times.ts';

export async function retryPending(ctx: FlowRunContext, flow: OptoutFlow): Promise<void> {
  const pending = await ctx.state.listPendingOptouts(flow.name);
  const groups = new Map<string, PendingOptout[]>();
  for (const p of pending) {
    const k = `${p.side}\u0000${p.sourceId}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  for (const items of groups.values()) {
    const first = items[0] as PendingOptout;
    const body = Object.fromEntries(items.map((p) => [p.field, p.value]));
    try {
      await (first.side === 'campaign'
        ? toCampaign(ctx, flow, first.sourceId, body)
        : toDynamics(ctx, flow, first.sourceId, body));
      for (const p of items) await ctx.state.resolvePendingOptout(flow.name, p.sourceId, p.side, p.field);
      ctx.counts.add('updated');
      ctx.outage?.ok();
    } catch (err) {
      // Still pending (attempts counted by the store); a non-record failure stops the flow.
      for (const p of items)
        await ctx.state.addPendingOptout({
          flow: flow.name,
          sourceId: p.sourceId,
          side: p.side,
          field: p.field,
          value: p.value,
          reason: messageOf(err),
        });
      if (!isRecordLevel(err, ctx)) throw err;
    }
  }
}

async function toCampaign(
  ctx: FlowRunContext,
  flow: OptoutFlow,
  id: string,
  body: Record<string, boolean>,
): Promise<void> {
  const hits = await ctx.campaign.findByKey(flow.target, id);
  const rec = hits[0];
  if (hits.length !== 1 || rec === undefined)
    throw new RecordError(
      'FERRY_OPTOUT_TARGET',
      `${hits.length} ${flow.target.resource} records have ${flow.target.key}=${id}`,
    );
  await ctx.campaign.update(rec, body);
  // Remembered like any ferry write, so a later unrelated Campaign edit does not date this value.
  const times = await CampaignFieldTimes.load(ctx, flow, [id]);
  times.wrote(id, rec, body);
  await times.save();
}

async function toDynamics(
  ctx: FlowRunContext,
  flow: OptoutFlow,
  id: string,
  body: Record<string, boolean>,
): Promise<void> {
  // Upsert would recreate a deleted contact: check it still exists first.
  const rows = await ctx.dynamics.getByIds({
    entitySet: flow.source.entitySet,
    primaryKey: flow.source.primaryKey,
    select: [flow.source.primaryKey],
    ids: [id],
  });
  if (rows.length === 0)
    throw new RecordError('FERRY_OPTOUT_TARGET', `${flow.source.entity} ${id} no longer exists`);
  const [r] = await ctx.dynamics.upsert([{ entitySet: flow.source.entitySet, key: id, body, ref: id }]);
  if (r?.ok !== true)
    throw new RecordError('FERRY_OPTOUT_WRITE', `HTTP ${r?.status ?? 0}: ${r?.error ?? 'write failed'}`);
}
