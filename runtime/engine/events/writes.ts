// One journal entry → the activity upsert (by alternate key = event id) and its optional follow-up task.
import type { EventRecord, EventsFlow, Json } from '../../contract.ts';
import { RecordError, TransformError } from '../../../core/errors.ts';
import { isGuid } from '../../../core/guid.ts';
import { keyPredicate } from '../../http/encode.ts';
import type { DynamicsWrite, JournalEntry } from '../../ports.ts';
import type { Counts } from '../counts.ts';
import { messageOf } from '../record-errors.ts';
import { followUpId } from './activity-id.ts';
import { flattenEvent } from './flatten.ts';

const DAY_MS = 86_400_000;

/** Writes for the entry, or [] when it is skipped (counted with a reason). Throws RecordError to dead-letter. */
export function entryWrites(flow: EventsFlow, entry: JournalEntry, counts: Counts): DynamicsWrite[] {
  return eventWrites(flow, entry, counts).writes;
}

/** Same as entryWrites, with the event id the ledger is keyed by. */
export function eventWrites(
  flow: EventsFlow,
  entry: JournalEntry,
  counts: Counts,
): { eventId: string; writes: DynamicsWrite[] } {
  const e = flattenEvent(entry.event);
  return { eventId: e.eventId, writes: activityWrites(flow, entry, e, counts) };
}

function activityWrites(
  flow: EventsFlow,
  entry: JournalEntry,
  e: EventRecord,
  counts: Counts,
): DynamicsWrite[] {
  const t = flow.types[e.type];
  if (t === undefined) return skip(counts, `${e.type} events disabled`);
  if (e.type === 'bounce' && flow.hardBouncesOnly && e.bounceType !== 'hard')
    return skip(counts, 'soft bounce');
  if (e.externalId === '') return skip(counts, 'profile has no externalId');
  if (!isGuid(e.externalId))
    throw new RecordError(
      'FERRY_EVENT_EXTERNAL_ID',
      `event ${e.eventId}: profile externalId ${JSON.stringify(e.externalId)} is not a Dynamics GUID`,
    );
  const regarding = `/${flow.contact.entitySet}(${e.externalId.toLowerCase()})`;
  const activity = { ...transform(t.transform, e), [`${t.regardingNav}@odata.bind`]: regarding };
  const writes: DynamicsWrite[] = [
    {
      entitySet: t.entitySet,
      // The one key builder: quotes doubled, control characters refused (the event is dead-lettered).
      key: keyPredicate(t.key, e.eventId),
      body: activity,
      json: JSON.stringify(activity),
      ref: `${entry.position}#activity`,
    },
  ];
  const f = t.followUp;
  if (f !== null) {
    const body: Record<string, Json> = {
      ...transform(f.transform, e),
      [`${f.regardingNav}@odata.bind`]: regarding,
    };
    if (f.dueInDays !== null)
      body['scheduledend'] = new Date(e.timestamp.getTime() + f.dueInDays * DAY_MS).toISOString();
    // Deterministic primary key: an upsert on replay updates the same task (tasks have no alternate key).
    writes.push({
      entitySet: f.entitySet,
      key: followUpId(flow.name, e.type, e.eventId),
      body,
      json: JSON.stringify(body),
      ref: `${entry.position}#follow-up`,
    });
  }
  return writes;
}

function skip(counts: Counts, reason: string): DynamicsWrite[] {
  counts.skip(reason);
  return [];
}

function transform(
  fn: (e: EventRecord) => Readonly<Record<string, Json>>,
  e: EventRecord,
): Readonly<Record<string, Json>> {
  try {
    return fn(e);
  } catch (err) {
    throw new TransformError('FERRY_TRANSFORM', `event ${e.eventId}: transform failed: ${messageOf(err)}`, {
      cause: err,
    });
  }
}
