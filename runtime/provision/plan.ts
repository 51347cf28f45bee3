// Compares what the mappings need with what Dynamics has: the writes that are missing (steps) and what ferry
// cannot fix by creating things (problems), each with a one-line fix.
import { columnBody, columnSummary, keyBody, tableBody, type Json } from './bodies.ts';
import { readTable, tablePath, type LiveTable, type MetadataApi } from './live.ts';
import type { ColumnNeed, TableNeed } from './needs.ts';

export interface Step {
  readonly kind: 'table' | 'column' | 'key';
  readonly table: string;
  /** POST path below the service root. */
  readonly path: string;
  readonly body: Json;
  /** One line for --dry-run and the report, e.g. `column ferry_emailsend.ferry_eventid text(100)`. */
  readonly summary: string;
}

export interface Problem {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: 'FERRY_PROVISION_CONFLICT' | 'FERRY_PROVISION_KEY';
  readonly message: string;
  readonly fix: string;
}

export interface ProvisionPlan {
  readonly steps: readonly Step[];
  readonly problems: readonly Problem[];
  /** Tables that need nothing. */
  readonly inPlace: readonly string[];
}

/** Text needs accept a memo column; the other kinds need their own type. */
const fits = (need: ColumnNeed, type: string) =>
  need.kind === 'String' ? type === 'String' || type === 'Memo' : type === need.kind;

function tableSteps(t: TableNeed): Step[] {
  const cols = t.columns.map(columnSummary).join(', ');
  return [
    {
      kind: 'table',
      table: t.logicalName,
      path: 'EntityDefinitions',
      body: tableBody(t),
      summary: `table ${t.logicalName} (${t.activity ? 'activity, ' : ''}"${t.displayName}") with subject, ${cols}`,
    },
    ...t.keys.map((k) => keyStep(t.logicalName, k.schemaName, k.columns)),
  ];
}

function keyStep(table: string, schemaName: string, columns: readonly string[]): Step {
  return {
    kind: 'key',
    table,
    path: `${tablePath(table)}/Keys`,
    body: keyBody({ schemaName, columns }),
    summary: `alternate key ${table}.${schemaName} on (${columns.join(', ')})`,
  };
}

function existingSteps(t: TableNeed, live: LiveTable, problems: Problem[]): Step[] {
  const steps: Step[] = [];
  if (t.activity && !live.isActivity)
    problems.push({
      severity: 'error',
      code: 'FERRY_PROVISION_CONFLICT',
      message: `table ${t.logicalName} exists but is not an activity table`,
      fix: `use another table name in the events mapping, or delete ${t.logicalName} and run provision again`,
    });
  for (const c of t.columns) {
    const have = live.columns.get(c.name);
    if (!have) {
      steps.push({
        kind: 'column',
        table: t.logicalName,
        path: `${tablePath(t.logicalName)}/Attributes`,
        body: columnBody(c),
        summary: `column ${t.logicalName}.${columnSummary(c)}`,
      });
    } else if (!fits(c, have.type))
      problems.push({
        severity: 'error',
        code: 'FERRY_PROVISION_CONFLICT',
        message: `column ${t.logicalName}.${c.name} is ${have.type}; the mapping writes ${c.kind} (${c.why})`,
        fix: `change the mapping field, or replace the column with a ${c.kind} one in the maker portal`,
      });
    else if (c.maxLength !== undefined && have.maxLength !== undefined && have.maxLength < c.maxLength)
      problems.push({
        severity: 'warning',
        code: 'FERRY_PROVISION_CONFLICT',
        message: `column ${t.logicalName}.${c.name} holds ${have.maxLength} characters; ferry provisions ${c.maxLength}`,
        fix: `raise its maximum length in the maker portal if longer values occur`,
      });
  }
  for (const k of t.keys) {
    const have = live.keys.find((x) => x.columns.join() === k.columns.join());
    if (!have) steps.push(keyStep(t.logicalName, k.schemaName, k.columns));
    else if (have.status === 'Failed')
      problems.push({
        severity: 'error',
        code: 'FERRY_PROVISION_KEY',
        message: `alternate key ${t.logicalName}.${have.name} failed to build (repeated values?)`,
        fix: `remove the duplicate rows, then reactivate the key in the maker portal (Keys → the key → Reactivate)`,
      });
    else if (have.status !== 'Active')
      problems.push({
        severity: 'info',
        code: 'FERRY_PROVISION_KEY',
        message: `alternate key ${t.logicalName}.${have.name} is ${have.status}: Dataverse is still building its index`,
        fix: 'wait, then run provision again (or ferry doctor) to see it Active',
      });
  }
  return steps;
}

/** Reads each needed table from Dynamics and plans what to create. */
export async function planProvision(api: MetadataApi, needs: readonly TableNeed[]): Promise<ProvisionPlan> {
  const steps: Step[] = [];
  const problems: Problem[] = [];
  const inPlace: string[] = [];
  for (const t of needs) {
    const live = await readTable(api, t.logicalName);
    if (live === null && !t.custom) {
      problems.push({
        severity: 'error',
        code: 'FERRY_PROVISION_CONFLICT',
        message: `system table ${t.logicalName} does not exist in this environment`,
        fix: `install the app that provides ${t.logicalName}, or change the mapping to another table`,
      });
      continue;
    }
    const own = live === null ? tableSteps(t) : existingSteps(t, live, problems);
    if (own.length === 0 && live !== null) inPlace.push(t.logicalName);
    steps.push(...own);
  }
  return { steps, problems, inPlace };
}
