// An entity flow run: retry parked children, then initial load / delta / resync / replay, page by page.
//
// Initial load reads through `startTracking` (all rows, the flow's predicate applied client-side) rather
// than `readAll` with the pushed-down $filter: Dynamics forbids $filter with change tracking, and a
// readAll followed by a separate startTracking would leave a gap in which changes are lost. The rows
// of the tracking read ARE the snapshot the deltaLink continues from. Inactive rows are included
// unless the mapping's own filter excludes them, as in Adobe's first run.
import type { DynamicsPage } from '../../ports.ts';
import type { EntityFlow, Flow } from '../../contract.ts';
import { HttpError } from '../../../core/errors.ts';
import type { FlowRunContext } from '../context.ts';
import { throwIfAborted } from '../record-errors.ts';
import type { EntityEnv, Phase } from './env.ts';
import { ChunkWriter } from './chunks.ts';
import { processWork, pageWork, type Work } from './page.ts';
import { Parked } from './parked.ts';
import { dueOrphans, orphanWork } from './orphans.ts';
import { entityBase } from './base.ts';
import { readAhead } from './read-ahead.ts';
import { sweepMissing } from './sweep.ts';

const RETRY_CHUNK = 100;
/** Rows written between two ledger commits. */
const COMMIT_CHUNK = 100;

export async function runEntityFlow(
  ctx: FlowRunContext,
  flow: EntityFlow,
  flows: ReadonlyMap<string, Flow>,
): Promise<void> {
  const base = entityBase(ctx, flow, flows);
  try {
    await runPasses(ctx, flow, base);
  } finally {
    base.closeKeys(); // success, failure or abort: the key index's file goes with the run
  }
}

async function runPasses(
  ctx: FlowRunContext,
  flow: EntityFlow,
  base: Omit<EntityEnv, 'phase'>,
): Promise<void> {
  const parked = await Parked.open(ctx.state, flow.name);
  const retry = await dueOrphans(ctx.state, flow.name, ctx.now().getTime());
  for (let i = 0; i < retry.length; i += RETRY_CHUNK) {
    throwIfAborted(ctx.signal);
    const work = await orphanWork(ctx.state, flow.name, retry.slice(i, i + RETRY_CHUNK));
    await processWork({ ...base, phase: 'incremental' }, parked, work);
  }

  const link = ctx.mode === 'replay' ? null : await ctx.state.getCheckpoint(flow.name, 'deltaLink');
  if (link !== null) {
    const expired = await readPages(
      ctx,
      { ...base, phase: 'incremental' },
      parked,
      ctx.dynamics.readDelta(link),
    );
    if (!expired) return;
    ctx.log.warn({ flow: flow.name }, 'delta token expired: full re-read, writing only differences');
  }
  const phase: Phase = ctx.mode === 'replay' ? 'replay' : link === null ? 'initial' : 'resync';
  const env: EntityEnv = { ...base, phase };
  // A first load into an empty ledger: every row it leaves is stamped with this run, so the end-of-read
  // sweep could find nothing, and scanning millions of rows for that is skipped.
  const sweep = phase !== 'initial' || !(await ledgerEmpty(ctx, flow.name));
  const pages = ctx.dynamics.startTracking({ entitySet: flow.source.entitySet, select: flow.select });
  await readPages(ctx, env, parked, pages, sweep);
}

async function ledgerEmpty(ctx: FlowRunContext, flow: string): Promise<boolean> {
  for await (const entries of ctx.state.scanLedger(flow)) if (entries.length > 0) return false;
  return true;
}

/**
 * Returns true when the delta token was refused (4xx) and a full re-read is needed.
 * Page N+1 is read while page N is written, and consecutive chunks' writes overlap (ChunkWriter): commits
 * stay in order, so the deltaLink is stored only once every write of the pages it covers is acknowledged.
 */
async function readPages(
  ctx: FlowRunContext,
  env: EntityEnv,
  parked: Parked,
  pages: AsyncIterable<DynamicsPage>,
  sweep = true,
): Promise<boolean> {
  const full = env.phase !== 'incremental';
  const writer = new ChunkWriter(env, parked, !env.flow.links.some((l) => l.flow === env.flow.name));
  let deltaLink: string | undefined;
  let planned = false;
  try {
    for await (const page of readAhead(pages)) {
      throwIfAborted(ctx.signal);
      if (!planned) {
        planned = true;
        await planKeys(env, page.rows.length);
      }
      ctx.counts.add('read', page.rows.length + page.deleted.length);
      // Ledger commits per chunk bound the rework after a crash; the deltaLink goes with the last chunk.
      // Full reads hold it until the missing-row sweep is done, so no delete is skipped.
      const work = pageWork(page);
      for (let i = 0; i < work.length || i === 0; i += COMMIT_CHUNK) {
        const last = i + COMMIT_CHUNK >= work.length;
        await writer.push(work.slice(i, i + COMMIT_CHUNK), last && !full ? page.deltaLink : undefined);
        if (!last) {
          ctx.progress(env.phase);
          throwIfAborted(ctx.signal);
        }
      }
      if (page.deltaLink !== undefined) deltaLink = page.deltaLink;
      ctx.progress(env.phase);
    }
    await writer.settle();
  } catch (err) {
    await writer.drain(); // no write outlives the run (a late one could race the next run's lookup)
    if (
      !full &&
      err instanceof HttpError &&
      err.status !== undefined &&
      err.status >= 400 &&
      err.status < 500
    )
      return true;
    throw err;
  }
  if (full) await sweepMissing(env, parked, deltaLink, sweep);
  return false;
}

/**
 * Writes this pass is known to make, for the key planner: the first page's rows (initial load, delta),
 * at least the ledger's size on replay. A re-read after an expired token writes only what changed, unknown
 * here: its lookups decide (the planner lists once they have cost as much as a listing).
 */
async function planKeys(env: EntityEnv, firstPageRows: number): Promise<void> {
  if (env.phase === 'resync') return;
  const known = env.phase === 'replay' ? await env.ctx.state.countLedger(env.flow.name) : 0;
  await env.keys.plan(Math.max(firstPageRows, known));
}

export type { Work };
