// Checks tenant.yaml `schedule`: cron expressions (positioned at the bad field), interval xor cron, known flows.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { FRONTEND_CODES, hintFor } from '../diagnostics/codes.ts';
import type { LoadedYaml, Position } from '../load/types.ts';
import { joinPointer } from '../load/pointer.ts';
import { parseCron, type CronProblem } from '../../core/model/tenant-cron.ts';
import type { ScheduleEntry, TenantFile } from '../../core/model/tenant.ts';

const CRON_CODE: Record<CronProblem['kind'], string> = {
  fields: FRONTEND_CODES.cronFields.code,
  syntax: FRONTEND_CODES.cronSyntax.code,
  range: FRONTEND_CODES.cronRange.code,
  never: FRONTEND_CODES.cronNever.code,
};

export function checkSchedule(doc: LoadedYaml, tenant: TenantFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const diag = (pointer: string, pos: Position, code: string, message: string): void => {
    out.push({ code, severity: 'error', file: doc.file, pointer, ...pos, message, hint: hintFor(code) });
  };
  const entry = (pointer: string, e: ScheduleEntry): void => {
    if (e.interval !== undefined && e.cron !== undefined)
      diag(
        pointer,
        doc.position(`${pointer}/cron`, { key: true }),
        FRONTEND_CODES.scheduleEntry.code,
        'give interval or cron, not both',
      );
    if (e.cron === undefined) return;
    const parsed = parseCron(e.cron);
    if ('problem' in parsed) {
      const p = `${pointer}/cron`;
      diag(
        p,
        doc.positionInScalar(p, parsed.problem.offset),
        CRON_CODE[parsed.problem.kind],
        parsed.problem.message,
      );
    }
  };
  const schedule = tenant.schedule;
  if (schedule === undefined) return out;
  entry('/schedule', schedule);
  const listed = new Set(tenant.mappings);
  for (const [flow, e] of Object.entries(schedule.flows ?? {})) {
    const pointer = joinPointer('/schedule/flows', flow);
    if (!listed.has(flow))
      diag(
        pointer,
        doc.position(pointer, { key: true }),
        FRONTEND_CODES.scheduleEntry.code,
        `schedule for "${flow}", which is not listed in mappings`,
      );
    entry(pointer, e);
  }
  return out;
}
