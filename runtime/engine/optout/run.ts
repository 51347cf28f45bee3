// Opt-out flow: pending first, then Dynamics deltas (to-campaign/both), then Campaign changes (to-dynamics/both).
import type { OptoutFlow, SourceRow } from '../../contract.ts';
import { HttpError, RecordError } from '../../errors.ts';
import type { CampaignRecord, DynamicsPage } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { mapBounded } from '../pool.ts';
import { isRecordLevel, messageOf, throwIfAborted } from '../record-errors.ts';
import { parseTimestamp } from '../timestamps.ts';
import { decideRow, type RowChanges } from './decide.ts';
import { retryPending } from './pending.ts';
import { writeCampaign, writeDynamics } from './write.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runOptoutFlow(ctx: FlowRunContext, flow: OptoutFlow): Promise<void> {
  if (flow.direction === 'off') return;
  await retryPending(ctx, flow);
  if (flow.direction !== 'to-dynamics') await fromDynamics(ctx, flow);
  if (flow.direction !== 'to-campaign') await fromCampaign(ctx, flow);
}

function select(flow: OptoutFlow): string[] {
  return [...new Set([flow.source.primaryKey, flow.source.modifiedField, ...flow.pairs.map((p) => p.dynamics)])].sort();
}

async function fromDynamics(ctx: FlowRunContext, flow: OptoutFlow): Promise<void> {
  // Replay re-reads everything (a fresh tracking read); values already equal cost nothing.
  const link = ctx.mode === 'replay' ? null : await ctx.state.getCheckpoint(flow.name, 'deltaLink');
  const track = () => ctx.dynamics.startTracking({ entitySet: flow.source.entitySet, select: select(flow) });
  if (link === null) return void (await dynamicsPages(ctx, flow, track(), false));
  if (await dynamicsPages(ctx, flow, ctx.dynamics.readDelta(link), true)) await dynamicsPages(ctx, flow, track(), false);
}

/** Returns true when a delta read was refused (expired token). */
async function dynamicsPages(ctx: FlowRunContext, flow: OptoutFlow, pages: AsyncIterable<DynamicsPage>, delta: boolean): Promise<boolean> {
  try {
    for await (const page of pages) {
      throwIfAborted(ctx.signal);
      ctx.counts.add('read', page.rows.length);
      const changes = await mapBounded(page.rows, ctx.concurrency, (row) => fromDynamicsRow(ctx, flow, row));
      await writeDynamics(ctx, flow, changes.filter((c): c is RowChanges => c !== null));
      if (page.deltaLink !== undefined) await ctx.state.transaction(() => ctx.state.setCheckpoint(flow.name, 'deltaLink', page.deltaLink ?? null));
      ctx.progress('dynamics opt-outs');
    }
  } catch (err) {
    if (delta && err instanceof HttpError && err.status !== undefined && err.status >= 400 && err.status < 500) return true;
    throw err;
  }
  return false;
}

async function fromDynamicsRow(ctx: FlowRunContext, flow: OptoutFlow, row: SourceRow): Promise<RowChanges | null> {
  const id = String(row[flow.source.primaryKey]);
  try {
    const hits = await ctx.campaign.findByKey(flow.target, id);
    if (hits.length > 1) throw new RecordError('FERRY_DUPLICATE_KEY', `${hits.length} ${flow.target.resource} records have ${flow.target.key}=${id}`);
    const rec = hits[0];
    if (rec === undefined) {
      ctx.counts.skip(`no Campaign ${flow.target.resource}`);
      return null;
    }
    const changes = await decideRow(ctx, flow, id, row, rec);
    await writeCampaign(ctx, flow, rec, changes);
    return changes;
  } catch (err) {
    if (!isRecordLevel(err)) throw err;
    await ctx.state.addDeadLetter({ flow: flow.name, sourceId: id, payload: { kind: 'optout-row', row }, reason: messageOf(err) });
    ctx.counts.deadLetter(messageOf(err));
    return null;
  }
}

/** Dead-letter retry of one Dynamics row (decide against the live Campaign record, write). */
export async function retryOptoutRow(ctx: FlowRunContext, flow: OptoutFlow, row: SourceRow): Promise<void> {
  const c = await fromDynamicsRow(ctx, flow, row);
  if (c !== null) await writeDynamics(ctx, flow, [c]);
}

async function fromCampaign(ctx: FlowRunContext, flow: OptoutFlow): Promise<void> {
  const wm = ctx.mode === 'replay' ? null : await ctx.state.getCheckpoint(flow.name, 'watermark');
  for await (const records of ctx.campaign.modifiedSince(flow.target, wm === null ? null : new Date(wm))) {
    throwIfAborted(ctx.signal);
    ctx.counts.add('read', records.length);
    const withId = new Map<string, CampaignRecord>();
    for (const rec of records) {
      const ext = rec[flow.target.key];
      if (typeof ext === 'string' && GUID.test(ext)) withId.set(ext.toLowerCase(), rec);
      else ctx.counts.skip(`profile has no ${flow.target.key}`);
    }
    const rows = withId.size === 0 ? [] : await ctx.dynamics.getByIds({ entitySet: flow.source.entitySet, primaryKey: flow.source.primaryKey, select: select(flow), ids: [...withId.keys()] });
    const byId = new Map(rows.map((r) => [String(r[flow.source.primaryKey]).toLowerCase(), r]));
    const changes = await mapBounded([...withId], ctx.concurrency, async ([id, rec]) => {
      const row = byId.get(id);
      if (row === undefined) return void ctx.counts.skip(`no Dynamics ${flow.source.entity}`);
      const c = await decideRow(ctx, flow, id, row, rec);
      await writeCampaign(ctx, flow, rec, c);
      return c;
    });
    await writeDynamics(ctx, flow, changes.filter((c): c is RowChanges => c !== undefined));
    await ctx.state.transaction(() => ctx.state.setCheckpoint(flow.name, 'watermark', watermark(wm, records)));
    ctx.progress('campaign opt-outs');
  }
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
