// Per pair: who wins, and which side must be written. Every real decision (sides differ) is audited.
// (`decision` alone is pure: `ferry plan` previews with it.)
import type { OptoutDecision, OptoutFlow, SourceRow } from '../../contract.ts';
import type { CampaignRecord } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { parseTimestamp } from '../../../core/time.ts';
import { asBool, toSeconds, type CampaignFieldTimes } from './field-times.ts';

export interface RowChanges {
  readonly sourceId: string;
  readonly toCampaign: Record<string, boolean>;
  readonly toDynamics: Record<string, boolean>;
}

export function decision(
  flow: OptoutFlow,
  dv: boolean | null,
  cv: boolean | null,
  row: SourceRow,
  campaignAt: Date | null,
): OptoutDecision | null {
  if (flow.direction === 'both') {
    // Dynamics record time vs Campaign attribute time, both in whole seconds (a same-second tie takes the tie branch).
    return flow.decide(
      { value: dv, modifiedAt: toSeconds(parseTimestamp(row[flow.source.modifiedField])) },
      { value: cv, modifiedAt: toSeconds(campaignAt) },
    );
  }
  // One-way directions have no conflict: the source side is the truth.
  if (flow.direction === 'to-campaign')
    return dv === null
      ? null
      : { value: dv, winner: 'dynamics', reason: 'to-campaign: Dynamics is the source of truth' };
  if (flow.direction === 'to-dynamics')
    return cv === null
      ? null
      : { value: cv, winner: 'campaign', reason: 'to-dynamics: Campaign is the source of truth' };
  return null;
}

/** `times` must see every profile read, agreeing or not, so its remembered values stay current. */
export async function decideRow(
  ctx: FlowRunContext,
  flow: OptoutFlow,
  sourceId: string,
  row: SourceRow,
  rec: CampaignRecord,
  times: CampaignFieldTimes,
): Promise<RowChanges> {
  const changes: RowChanges = { sourceId, toCampaign: {}, toDynamics: {} };
  const campaignAt = times.observe(sourceId, rec);
  for (const pair of flow.pairs) {
    const dv = asBool(row[pair.dynamics]);
    const cv = asBool(rec[pair.campaign]);
    if (dv === cv) continue; // nothing to decide
    const d = decision(flow, dv, cv, row, campaignAt.get(pair.campaign) ?? null);
    if (d === null) continue;
    await ctx.state.audit({
      flow: flow.name,
      sourceId,
      pair: `${pair.dynamics}=${pair.campaign}`,
      dynamicsValue: dv,
      campaignValue: cv,
      decided: d.value,
      winner: d.winner,
      reason: d.reason,
      at: ctx.now().toISOString(),
    });
    if (cv !== d.value && flow.direction !== 'to-dynamics') changes.toCampaign[pair.campaign] = d.value;
    if (dv !== d.value && flow.direction !== 'to-campaign') changes.toDynamics[pair.dynamics] = d.value;
  }
  return changes;
}
