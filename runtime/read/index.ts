// Read models over the state store: shared by the status page, `ferry history`, `ferry trace` and `status --json`.
export { sqlOf, sqlStore, paging, type Page, type Paging } from './source.ts';
export { runHistory, type RunFilter, type RunRow } from './runs.ts';
export { deadLetters, letterById, letterCodes, type LetterFilter, type LetterRow } from './letters.ts';
export { actionLog, optoutAudit, type ActionFilter, type AuditFilter, type AuditRow } from './audit.ts';
export { flowsOverview, type FlowOverview, type FlowSchedule, type OverviewInput } from './overview.ts';
export { traceRecord, type RecordTrace } from './trace.ts';
