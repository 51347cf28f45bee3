// `plan` for an opt-out flow: pending writes, and for the first changed Dynamics rows what the pass would decide.
import type { Json, OptoutFlow, SourceRow } from '../contract.ts';
import { parseTimestamp } from '../../core/time.ts';
import type { EnginePorts } from './context.ts';
import { decision } from './optout/decide.ts';
import { asBool } from './optout/field-times.ts';

export interface OptoutNotes {
  note(kind: 'update' | 'unchanged' | 'skip', sourceId: string, detail: Json): void;
}

/**
 * Decisions for at most `max` rows changed since the last run (a read of the delta link does not consume it),
 * with Campaign's record time standing in for its attribute times (the run remembers those): a preview, not
 * the audit trail. Nothing is written.
 */
export async function previewDecisions(
  ports: EnginePorts,
  flow: OptoutFlow,
  c: OptoutNotes,
  max: number,
): Promise<string> {
  const link = await ports.state.getCheckpoint(flow.name, 'deltaLink');
  if (link === null) return 'first run: every contact is compared then';
  const rows: SourceRow[] = [];
  for await (const page of ports.dynamics.readDelta(link)) {
    rows.push(...page.rows);
    if (rows.length >= max) break;
  }
  for (const row of rows.slice(0, max)) {
    const id = String(row[flow.source.primaryKey]);
    const [rec] = await ports.campaign.findByKey(flow.target, id);
    if (rec === undefined) {
      c.note('skip', id, `no Campaign ${flow.target.resource}`);
      continue;
    }
    const decided: Json[] = [];
    for (const pair of flow.pairs) {
      const dv = asBool(row[pair.dynamics]);
      const cv = asBool(rec[pair.campaign]);
      if (dv === cv) continue;
      const d = decision(flow, dv, cv, row, parseTimestamp(rec['lastModified']));
      if (d !== null)
        decided.push({ pair: `${pair.dynamics}=${pair.campaign}`, dynamics: dv, campaign: cv, ...d });
    }
    if (decided.length === 0) c.note('unchanged', id, null);
    else c.note('update', id, decided);
  }
  return `${Math.min(rows.length, max)} changed row(s) previewed`;
}
