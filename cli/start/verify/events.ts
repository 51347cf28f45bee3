// Email events: each send/open/click/hard bounce is exactly one activity regarding the right contact.
import type { EventRecord, EventsFlow } from '../../../runtime/contract.ts';
import type { EmailEvent } from '../../../emulators/journal/payload.ts';
import { rowsOf, type Snapshot, type SourceRow } from '../snapshot.ts';
import { CheckBuilder, sameValue, show, type Check } from './check.ts';

/** The event as the mapping's `from:` names see it (runtime/contract.ts EventRecord), built from the journal payload. */
export function eventRecord(e: EmailEvent): EventRecord {
  return {
    eventId: e.id,
    type: e.type,
    timestamp: new Date(e.timestamp),
    profilePKey: e.profile.PKey,
    externalId: e.profile.externalId,
    email: e.profile.email,
    deliveryId: e.delivery.id,
    deliveryLabel: e.delivery.label,
    mirrorPageUrl: e.delivery.mirrorPageUrl,
    campaignId: e.campaign.id,
    campaignLabel: e.campaign.label,
    url: e.url ?? null,
    bounceType: e.bounce?.type ?? null,
    bounceReason: e.bounce?.reason ?? null,
  };
}

const REGARDING = '_regardingobjectid_value';

export function verifyEvents(flow: EventsFlow, events: readonly EmailEvent[], final: Snapshot): Check[] {
  const written = new CheckBuilder(
    `${flow.name}: each ${Object.keys(flow.types).join('/')} event is one activity regarding its contact, with the mapped fields`,
  );
  const left = new CheckBuilder(
    `${flow.name}: soft bounces and events of profiles without externalId not written`,
  );
  const tasks = new CheckBuilder(`${flow.name}: one follow-up task per event type that asks for one`);
  const byTable = new Map<string, Map<string, SourceRow[]>>();
  const index = (entity: string, key: string): Map<string, SourceRow[]> => {
    const k = `${entity}.${key}`;
    let m = byTable.get(k);
    if (m === undefined) {
      m = new Map();
      for (const row of rowsOf(final, entity).values()) {
        const v = row[key];
        if (typeof v === 'string') m.set(v, [...(m.get(v) ?? []), row]);
      }
      byTable.set(k, m);
    }
    return m;
  };
  const expected = new Map<string, number>(Object.values(flow.types).map((t) => [t.entity, 0]));
  let followUps = 0;
  for (const e of events) {
    const t = flow.types[e.type];
    const wanted =
      t !== undefined &&
      !(e.type === 'bounce' && flow.hardBouncesOnly && e.bounce?.type !== 'hard') &&
      e.profile.externalId !== '';
    const all = Object.values(flow.types).flatMap((x) => index(x.entity, x.key).get(e.id) ?? []);
    if (!wanted || t === undefined) {
      left.item(
        all.length === 0
          ? null
          : `${e.type} event ${e.id} (${e.bounce?.type ?? 'no'} bounce, externalId ${show(e.profile.externalId)}) has ${all.length} activities`,
      );
      continue;
    }
    expected.set(t.entity, (expected.get(t.entity) ?? 0) + 1);
    const rows = index(t.entity, t.key).get(e.id) ?? [];
    if (rows.length !== 1) {
      written.item(`${e.type} event ${e.id}: ${rows.length} ${t.entity} rows`);
      continue;
    }
    const row = rows[0] as SourceRow;
    const body = t.transform(eventRecord(e));
    const bad = Object.entries(body).find(([k, v]) => !sameValue(row[k], v));
    if (row[REGARDING] !== e.profile.externalId.toLowerCase())
      written.item(`${e.id}: regarding ${show(row[REGARDING])}, contact is ${e.profile.externalId}`);
    else
      written.item(
        bad === undefined ? null : `${e.id}: ${bad[0]} is ${show(row[bad[0]])}, mapping says ${show(bad[1])}`,
      );
    if (t.followUp !== null) {
      followUps++;
      tasks.item(null);
    }
  }
  // No extra rows: each activity table holds exactly the expected events.
  for (const [entity, n] of expected) {
    const have = rowsOf(final, entity).size;
    if (have !== n) written.item(`${entity} holds ${have} rows, ${n} events expected`);
  }
  const followTables = new Set(
    Object.values(flow.types).flatMap((t) => (t.followUp ? [t.followUp.entity] : [])),
  );
  for (const entity of followTables) {
    const have = rowsOf(final, entity).size;
    if (have !== followUps) tasks.item(`${entity}: ${have} rows, ${followUps} follow-ups expected`);
  }
  return [written.done(), left.done(), ...(followTables.size > 0 ? [tasks.done()] : [])];
}
