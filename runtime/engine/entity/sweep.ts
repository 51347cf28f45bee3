// After a full read: ledger rows not seen were deleted in Dynamics while untracked; treat them as deletes.
import { throwIfAborted } from '../record-errors.ts';
import type { EntityEnv } from './env.ts';
import { processWork, type Work } from './page.ts';
import type { Parked } from './parked.ts';

const CHUNK = 100;

export async function sweepMissing(
  env: EntityEnv,
  parked: Parked,
  deltaLink: string | undefined,
  scan = true,
): Promise<void> {
  const { ctx, flow } = env;
  // Only ids are kept in memory (normally a handful), never whole rows.
  const missing: string[] = [];
  if (scan)
    for await (const entries of ctx.state.scanLedger(flow.name)) {
      for (const e of entries) if (e.syncedAt < env.syncedAt) missing.push(e.sourceId);
    }
  for (let i = 0; i < missing.length; i += CHUNK) {
    throwIfAborted(ctx.signal);
    const work = missing.slice(i, i + CHUNK).map((sourceId): Work => ({ kind: 'delete', sourceId }));
    await processWork(env, parked, work);
  }
  // The checkpoint moves last: a crash before this point re-runs the full read, which is cheap (hashes).
  if (deltaLink !== undefined)
    await ctx.state.transaction(() => ctx.state.setCheckpoint(flow.name, 'deltaLink', deltaLink));
}
