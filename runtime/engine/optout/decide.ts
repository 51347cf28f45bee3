// Per pair: who wins, and which side must be written. Every real decision (sides differ) is audited.
import type { OptoutDecision, OptoutFlow, SourceRow } from '../../contract.ts';
import type { CampaignRecord } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { parseTimestamp } from '../timestamps.ts';

export interface RowChanges {
  readonly sourceId: string;
  readonly toCampaign: Record<string, boolean>;
  readonly toDynamics: Record<string, boolean>;
}

function asBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  return null;
}

function decision(flow: OptoutFlow, dv: boolean | null, cv: boolean | null, row: SourceRow, rec: CampaignRecord): OptoutDecision | null {
  if (flow.direction === 'both') {
    return flow.decide({ value: dv, modifiedAt: parseTimestamp(row[flow.source.modifiedField]) }, { value: cv, modifiedAt: parseTimestamp(rec['lastModified']) });
  }
  // One-way directions have no conflict: the source side is the truth (OPT-1).
  if (flow.direction === 'to-campaign') return dv === null ? null : { value: dv, winner: 'dynamics', reason: 'to-campaign: Dynamics is the source of truth' };
  if (flow.direction === 'to-dynamics') return cv === null ? null : { value: cv, winner: 'campaign', reason: 'to-dynamics: Campaign is the source of truth' };
  return null;
}

export async function decideRow(ctx: FlowRunContext, flow: OptoutFlow, sourceId: string, row: SourceRow, rec: CampaignRecord): Promise<RowChanges> {
  const changes: RowChanges = { sourceId, toCampaign: {}, toDynamics: {} };
  for (const pair of flow.pairs) {
    const dv = asBool(row[pair.dynamics]);
    const cv = asBool(rec[pair.campaign]);
    if (dv === cv) continue; // nothing to decide
    const d = decision(flow, dv, cv, row, rec);
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
