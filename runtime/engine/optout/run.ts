// Opt-out flow: pending first, then Dynamics deltas (to-campaign/both), then Campaign changes (to-dynamics/both).
import type { OptoutFlow } from '../../contract.ts';
import type { FlowRunContext } from '../context.ts';
import { fromCampaign } from './campaign-side.ts';
import { fromDynamics } from './dynamics-side.ts';
import { retryPending } from './pending.ts';

export { retryOptoutRow } from './dynamics-side.ts';

export async function runOptoutFlow(ctx: FlowRunContext, flow: OptoutFlow): Promise<void> {
  if (flow.direction === 'off') return;
  await retryPending(ctx, flow);
  // A fresh Dynamics snapshot (first run, replay, expired token) is compared through a full Campaign listing.
  const fresh = flow.direction === 'to-dynamics' ? null : await fromDynamics(ctx, flow);
  const full = fresh !== null || (flow.direction === 'to-dynamics' && ctx.mode === 'replay');
  if (flow.direction !== 'to-campaign' || fresh !== null) await fromCampaign(ctx, flow, full);
  // The new deltaLink is stored only after that comparison, so nothing between snapshot and link is lost.
  if (fresh !== null)
    await ctx.state.transaction(() => ctx.state.setCheckpoint(flow.name, 'deltaLink', fresh));
}
