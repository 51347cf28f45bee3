// Dry run: what the next run would do, per flow, from the source reads and the ledger. Writes nothing; Campaign
// is only read for the sampled updates (a "create" may still turn out a skip when a foreign record holds the key).
import type { EntityFlow, EventsFlow, Flow, Json, OptoutFlow } from '../contract.ts';
import { HttpError } from '../../core/errors.ts';
import type { DynamicsPage, JournalEntry } from '../ports.ts';
import type { LedgerEntry } from '../state/port.ts';
import type { EnginePorts } from './context.ts';
import { Counts } from './counts.ts';
import { sourceIdOf } from './entity/env.ts';
import { guard, rowHash } from './entity/row.ts';
import { entryWrites } from './events/writes.ts';
import { POSITION } from './events/run.ts';
import { messageOf } from './record-errors.ts';
import { updateDiff } from './plan-diff.ts';
import { previewDecisions } from './plan-optout.ts';

export const PLAN_KINDS = ['create', 'update', 'delete', 'unchanged', 'rejected', 'skip'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export interface PlanSample {
  readonly sourceId: string;
  readonly detail: Json;
}

export interface FlowPlan {
  readonly flow: string;
  readonly kind: Flow['kind'];
  /** What the run would read: initial load, delta, full re-read after an expired token, journal, pending. */
  readonly read: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly samples: Readonly<Record<PlanKind, readonly PlanSample[]>>;
}

class Collector {
  readonly counts = new Counts();
  readonly samples: Record<PlanKind, PlanSample[]> = {
    create: [],
    update: [],
    delete: [],
    unchanged: [],
    rejected: [],
    skip: [],
  };
  constructor(private readonly max: number) {}
  note(kind: PlanKind, sourceId: string, detail: Json): void {
    this.counts.bump(kind);
    if (this.samples[kind].length < this.max) this.samples[kind].push({ sourceId, detail });
  }
}

export async function planFlow(
  ports: EnginePorts,
  flow: Flow,
  opts: { samples: number; journalCap: number },
): Promise<FlowPlan> {
  const c = new Collector(opts.samples);
  let read: string;
  if (flow.kind === 'entity') {
    read = await planEntity(ports, flow, c);
    // Only the sampled updates cost a Campaign read each: the before → after of their fields.
    for (const [i, sample] of c.samples.update.entries())
      c.samples.update[i] = {
        sourceId: sample.sourceId,
        detail: await updateDiff(
          ports.campaign,
          flow,
          sample.sourceId,
          sample.detail as Record<string, Json>,
        ),
      };
  } else if (flow.kind === 'events') read = await planEvents(ports, flow, c, opts.journalCap);
  else read = await planOptout(ports, flow, c, opts.samples);
  return { flow: flow.name, kind: flow.kind, read, counts: c.counts.toJSON(), samples: c.samples };
}

async function planEntity(ports: EnginePorts, flow: EntityFlow, c: Collector): Promise<string> {
  const link = await ports.state.getCheckpoint(flow.name, 'deltaLink');
  const track = () => ports.dynamics.startTracking({ entitySet: flow.source.entitySet, select: flow.select });
  if (link === null) {
    await planPages(ports, flow, c, track());
    return 'initial load (all rows)';
  }
  try {
    // Reading a delta link does not consume it: the real run reads the same changes.
    await planPages(ports, flow, c, ports.dynamics.readDelta(link));
    return 'changes since last run';
  } catch (err) {
    if (!(err instanceof HttpError && err.status !== undefined && err.status < 500)) throw err;
    await planPages(ports, flow, c, track());
    return 'full re-read (delta token expired)';
  }
}

async function planPages(
  ports: EnginePorts,
  flow: EntityFlow,
  c: Collector,
  pages: AsyncIterable<DynamicsPage>,
): Promise<void> {
  for await (const page of pages) {
    c.counts.add('read', page.rows.length + page.deleted.length);
    const ids = [...page.rows.map((r) => sourceIdOf(flow, r)), ...page.deleted];
    const ledger = await ports.state.getLedger(flow.name, ids);
    for (const row of page.rows) {
      const id = sourceIdOf(flow, row);
      try {
        classifyRow(flow, c, id, row, ledger.get(id));
      } catch (err) {
        c.note('rejected', id, messageOf(err));
      }
    }
    for (const id of page.deleted) {
      const prev = ledger.get(id);
      if (prev?.createdByFerry === true && flow.deletes === 'propagate')
        c.note('delete', id, 'deleted in Dynamics');
      else
        c.note(
          'skip',
          id,
          prev === undefined
            ? 'delete of a record never synced'
            : flow.deletes === 'ignore'
              ? 'deletes ignored'
              : 'not created by ferry',
        );
    }
  }
}

function classifyRow(
  flow: EntityFlow,
  c: Collector,
  id: string,
  row: Readonly<Record<string, unknown>>,
  prev: LedgerEntry | undefined,
): void {
  if (!guard(() => flow.matches(row), 'filter')) {
    if (prev?.matched === true && prev.createdByFerry && flow.deleteFilteredOut)
      c.note('delete', id, 'no longer matches the filter');
    else c.note('skip', id, 'filtered out');
    return;
  }
  const body = guard(() => flow.transform(row), 'transform');
  const hash = rowHash(flow, row, body);
  if (prev?.matched === true && prev.hash === hash) c.note('unchanged', id, null);
  else if (prev === undefined || prev.hash === '') c.note('create', id, body as Json);
  else if (!prev.createdByFerry && flow.onlyOwnRecords) c.note('skip', id, 'not created by ferry');
  else c.note('update', id, body as Json);
}

async function planEvents(ports: EnginePorts, flow: EventsFlow, c: Collector, cap: number): Promise<string> {
  if (ports.journal === null) return 'no journal configured';
  let pos = await ports.state.getCheckpoint(flow.name, POSITION);
  let seen = 0;
  while (seen < cap) {
    const entries: readonly JournalEntry[] = (await ports.journal.read(pos, Math.min(500, cap - seen)))
      .entries;
    if (entries.length === 0) break;
    for (const entry of entries) {
      try {
        const writes = entryWrites(flow, entry, c.counts);
        if (writes.length > 0)
          c.note(
            'create',
            writes[0]?.key ?? entry.position,
            // The full payloads the run would upsert (activity and any follow-up task).
            writes.map((w) => ({ entitySet: w.entitySet, key: w.key, body: w.body })) as Json,
          );
      } catch (err) {
        c.note('rejected', entry.position, messageOf(err));
      }
    }
    c.counts.add('read', entries.length);
    seen += entries.length;
    pos = (entries[entries.length - 1] as JournalEntry).position;
  }
  return seen >= cap
    ? `journal from the stored position (first ${cap} events)`
    : 'journal from the stored position';
}

async function planOptout(
  ports: EnginePorts,
  flow: OptoutFlow,
  c: Collector,
  samples: number,
): Promise<string> {
  if (flow.direction === 'off') return 'off';
  const pending = await ports.state.listPendingOptouts(flow.name);
  for (const p of pending)
    c.note('update', p.sourceId, { side: p.side, field: p.field, value: p.value, attempts: p.attempts });
  const preview = flow.direction === 'to-dynamics' ? null : await previewDecisions(ports, flow, c, samples);
  return `direction ${flow.direction}: ${pending.length} pending opt-out(s) retried first${preview === null ? '' : `; ${preview}`}`;
}
