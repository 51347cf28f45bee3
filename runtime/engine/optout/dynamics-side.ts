// Opt-out changes seen in Dynamics (to-campaign/both): the delta of the source table, row by row.
import type { OptoutFlow, SourceRow } from '../../contract.ts';
import { HttpError, RecordError } from '../../../core/errors.ts';
import type { DynamicsPage } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { mapBounded } from '../pool.ts';
import {
  codeOf,
  countDeadLetter,
  isRecordLevel,
  messageOf,
  retryOf,
  throwIfAborted,
} from '../record-errors.ts';
import { decideRow, type RowChanges } from './decide.ts';
import { CampaignFieldTimes } from './field-times.ts';
import { writeCampaign, writeDynamics } from './write.ts';

export function optoutSelect(flow: OptoutFlow): string[] {
  return [
    ...new Set([flow.source.primaryKey, flow.source.modifiedField, ...flow.pairs.map((p) => p.dynamics)]),
  ].sort();
}

/**
 * Applies the delta since the stored link. Returns null when done, or — first run, replay, expired
 * token — the deltaLink of a fresh tracking read whose rows were NOT compared here: the caller runs a
 * full Campaign listing pass (one call per page instead of one lookup per contact) and stores the
 * link only after it, so no change between the snapshot and the link can be missed.
 */
export async function fromDynamics(ctx: FlowRunContext, flow: OptoutFlow): Promise<string | null> {
  const link = ctx.mode === 'replay' ? null : await ctx.state.getCheckpoint(flow.name, 'deltaLink');
  if (link !== null && !(await deltaPages(ctx, flow, ctx.dynamics.readDelta(link)))) return null;
  let fresh: string | null = null;
  for await (const page of ctx.dynamics.startTracking({
    entitySet: flow.source.entitySet,
    select: optoutSelect(flow),
  })) {
    throwIfAborted(ctx.signal);
    if (page.deltaLink !== undefined) fresh = page.deltaLink;
  }
  return fresh;
}

/** Returns true when the delta read was refused (expired token). */
async function deltaPages(
  ctx: FlowRunContext,
  flow: OptoutFlow,
  pages: AsyncIterable<DynamicsPage>,
): Promise<boolean> {
  try {
    for await (const page of pages) {
      throwIfAborted(ctx.signal);
      ctx.counts.add('read', page.rows.length);
      const times = await CampaignFieldTimes.load(
        ctx,
        flow,
        page.rows.map((r) => String(r[flow.source.primaryKey])),
      );
      const changes = await mapBounded(page.rows, ctx.concurrency, (row) =>
        fromDynamicsRow(ctx, flow, row, times),
      );
      await times.save();
      await writeDynamics(
        ctx,
        flow,
        changes.filter((c): c is RowChanges => c !== null),
      );
      if (page.deltaLink !== undefined)
        await ctx.state.transaction(() =>
          ctx.state.setCheckpoint(flow.name, 'deltaLink', page.deltaLink ?? null),
        );
      ctx.progress('dynamics opt-outs');
    }
  } catch (err) {
    if (err instanceof HttpError && err.status !== undefined && err.status >= 400 && err.status < 500)
      return true;
    throw err;
  }
  return false;
}

export async function fromDynamicsRow(
  ctx: FlowRunContext,
  flow: OptoutFlow,
  row: SourceRow,
  times: CampaignFieldTimes,
): Promise<RowChanges | null> {
  const id = String(row[flow.source.primaryKey]);
  try {
    const hits = await ctx.campaign.findByKey(flow.target, id);
    if (hits.length > 1)
      throw new RecordError(
        'FERRY_DUPLICATE_KEY',
        `${hits.length} ${flow.target.resource} records have ${flow.target.key}=${id}`,
      );
    ctx.outage?.ok(); // Campaign answered: whatever failed before, it is up
    const rec = hits[0];
    if (rec === undefined) {
      ctx.counts.skip(`no Campaign ${flow.target.resource}`);
      return null;
    }
    const changes = await decideRow(ctx, flow, id, row, rec, times);
    await writeCampaign(ctx, flow, rec, changes, times);
    return changes;
  } catch (err) {
    if (!isRecordLevel(err, ctx)) throw err;
    const retry = retryOf(err);
    await ctx.state.addDeadLetter({
      flow: flow.name,
      sourceId: id,
      payload: { kind: 'optout-row', row },
      reason: messageOf(err),
      code: codeOf(err),
      ...(retry ? { retry } : {}),
    });
    countDeadLetter(ctx, flow.name, id, codeOf(err));
    return null;
  }
}

/** Dead-letter retry of one Dynamics row (decide against the live Campaign record, write). */
export async function retryOptoutRow(ctx: FlowRunContext, flow: OptoutFlow, row: SourceRow): Promise<void> {
  const times = await CampaignFieldTimes.load(ctx, flow, [String(row[flow.source.primaryKey])]);
  const c = await fromDynamicsRow(ctx, flow, row, times);
  await times.save();
  if (c !== null) await writeDynamics(ctx, flow, [c]);
}
