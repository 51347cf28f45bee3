// The opt-out audit trail (every decision of the opt-out flow) and the operators' action log.
import type { ActionRecord, OptoutAudit } from '../state/port.ts';
import type { Row, SqlDriver } from '../state/driver.ts';
import { toAction } from '../state/actions.ts';
import { toOptoutAudit } from '../state/optout-rows.ts';
import { like, likeText, pageOf, Where, type Page, type Paging } from './source.ts';

export interface AuditRow extends OptoutAudit {
  readonly id: number;
}

export const toAudit = (r: Row): AuditRow => ({ id: Number(r.id), ...toOptoutAudit(r) });

export interface AuditFilter extends Paging {
  readonly flow?: string | undefined;
  /** Free text in the record id, pair, winner or reason. */
  readonly text?: string | undefined;
}

export function optoutAudit(db: SqlDriver, f: AuditFilter = {}): Promise<Page<AuditRow>> {
  const w = new Where();
  if (f.flow !== undefined && f.flow !== '') w.add('flow = ?', f.flow);
  if (f.text !== undefined && f.text !== '') {
    const t = likeText(f.text);
    w.add(`(${like('source_id')} OR ${like('pair')} OR ${like('winner')} OR ${like('reason')})`, t, t, t, t);
  }
  return pageOf(db, 'ferry_optout_audit', w, f, toAudit);
}

export interface ActionFilter extends Paging {
  readonly flow?: string | undefined;
}

export function actionLog(db: SqlDriver, f: ActionFilter = {}): Promise<Page<ActionRecord>> {
  const w = new Where();
  if (f.flow !== undefined && f.flow !== '') w.add('flow = ?', f.flow);
  return pageOf(db, 'ferry_actions', w, f, toAction);
}
