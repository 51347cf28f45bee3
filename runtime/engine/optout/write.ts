// Writing decided opt-outs. A write that fails is never dropped: it becomes a pending opt-out.
import type { OptoutFlow } from '../../contract.ts';
import type { CampaignRecord } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import { codeOf, countDeadLetter, isRecordLevel, messageOf } from '../record-errors.ts';
import type { RowChanges } from './decide.ts';
import type { CampaignFieldTimes } from './field-times.ts';

async function park(
  ctx: FlowRunContext,
  flow: OptoutFlow,
  sourceId: string,
  side: 'dynamics' | 'campaign',
  fields: Record<string, boolean>,
  reason: string,
  code: ErrorCode,
): Promise<void> {
  for (const [field, value] of Object.entries(fields))
    await ctx.state.addPendingOptout({ flow: flow.name, sourceId, side, field, value, reason });
  countDeadLetter(ctx, flow.name, sourceId, code);
}

export async function writeCampaign(
  ctx: FlowRunContext,
  flow: OptoutFlow,
  rec: CampaignRecord,
  c: RowChanges,
  times: CampaignFieldTimes,
): Promise<void> {
  if (Object.keys(c.toCampaign).length === 0) return;
  try {
    await ctx.campaign.update(rec, c.toCampaign);
    times.wrote(c.sourceId, rec, c.toCampaign);
    ctx.counts.add('updated');
    ctx.outage?.ok();
  } catch (err) {
    await park(ctx, flow, c.sourceId, 'campaign', c.toCampaign, messageOf(err), codeOf(err));
    if (!isRecordLevel(err, ctx)) throw err;
  }
}

/** One batched upsert for all Dynamics-side changes of a page. */
export async function writeDynamics(
  ctx: FlowRunContext,
  flow: OptoutFlow,
  all: readonly RowChanges[],
): Promise<void> {
  const todo = all.filter((c) => Object.keys(c.toDynamics).length > 0);
  if (todo.length === 0) return;
  const writes = todo.map((c) => ({
    entitySet: flow.source.entitySet,
    key: c.sourceId,
    body: c.toDynamics,
    ref: c.sourceId,
  }));
  let results;
  try {
    results = await ctx.dynamics.upsert(writes);
  } catch (err) {
    for (const c of todo)
      await park(ctx, flow, c.sourceId, 'dynamics', c.toDynamics, messageOf(err), codeOf(err));
    throw err;
  }
  const byRef = new Map(results.map((r) => [r.ref, r]));
  for (const c of todo) {
    const r = byRef.get(c.sourceId);
    if (r?.ok === true) ctx.counts.add('updated');
    else
      await park(
        ctx,
        flow,
        c.sourceId,
        'dynamics',
        c.toDynamics,
        r === undefined ? 'no write result' : `HTTP ${r.status}: ${r.error ?? 'write failed'}`,
        r?.code ?? 'FERRY_DYNAMICS_REJECTED',
      );
  }
}
