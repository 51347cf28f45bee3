// ferry's model of the journal's email-event payload, flattened into the EventRecord transforms read.
import type { EventRecord, Json } from '../../contract.ts';
import { RecordError } from '../../../core/errors.ts';
import { parseTimestamp } from '../../../core/time.ts';

const TYPES: readonly EventRecord['type'][] = ['send', 'open', 'click', 'bounce'];
type Obj = Readonly<Record<string, Json>>;

function obj(v: Json | undefined): Obj {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}
function str(v: Json | undefined): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
function strOrNull(v: Json | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function flattenEvent(raw: Json): EventRecord {
  const e = obj(raw);
  const eventId = str(e['id']);
  if (eventId === '') throw new RecordError('FERRY_EVENT_INVALID', 'event has no id');
  const type = str(e['type']) as EventRecord['type'];
  if (!TYPES.includes(type))
    throw new RecordError(
      'FERRY_EVENT_INVALID',
      `event ${eventId}: unknown type ${JSON.stringify(e['type'] ?? null)}`,
    );
  const timestamp = parseTimestamp(e['timestamp']);
  if (timestamp === null)
    throw new RecordError(
      'FERRY_EVENT_INVALID',
      `event ${eventId}: unreadable timestamp ${JSON.stringify(e['timestamp'] ?? null)}`,
    );
  const profile = obj(e['profile']);
  const delivery = obj(e['delivery']);
  const campaign = obj(e['campaign']);
  const bounce = e['bounce'] === undefined || e['bounce'] === null ? null : obj(e['bounce']);
  return {
    eventId,
    type,
    timestamp,
    profilePKey: str(profile['PKey']),
    externalId: str(profile['externalId']).trim(),
    email: str(profile['email']),
    deliveryId: str(delivery['id']),
    deliveryLabel: str(delivery['label']),
    mirrorPageUrl: strOrNull(delivery['mirrorPageUrl']),
    campaignId: str(campaign['id']),
    campaignLabel: str(campaign['label']),
    url: strOrNull(e['url']),
    bounceType: bounce === null ? null : strOrNull(bounce['type']),
    bounceReason: bounce === null ? null : strOrNull(bounce['reason']),
  };
}
