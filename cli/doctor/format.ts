// `ferry doctor` output: an aligned table (check, status, detail, fix) or one JSON document.
import type { Finding, Status } from '../../runtime/doctor/index.ts';

/** Exit code per worst finding: 0 all ok, 5 a warning at worst, 6 at least one failure. */
export const DOCTOR_EXIT: Readonly<Record<Status, number>> = { ok: 0, warn: 5, fail: 6 };

const HEAD = ['check', 'status', 'detail', 'fix'] as const;

export function doctorTable(findings: readonly Finding[]): string {
  const rows = findings.map((f) => [f.check, f.status, f.detail, f.fix]);
  // The fix column is last and left unpadded, so long fixes do not widen every row.
  const width = [0, 1, 2].map((i) => Math.max(HEAD[i]?.length ?? 0, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i < 3 ? c.padEnd(width[i] ?? 0) : c))
      .join('  ')
      .trimEnd();
  return [line(HEAD), ...rows.map(line)].join('\n');
}

export function doctorJson(tenant: string, worst: Status, findings: readonly Finding[]): string {
  return JSON.stringify({ tenant, worst, exitCode: DOCTOR_EXIT[worst], findings }, null, 2);
}
