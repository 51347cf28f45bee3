// Follow-up tasks have no alternate key, so their activityid is derived from the event (RFC 4122 UUID v5):
// a replayed event upserts the same task instead of creating a second one.
import { hash as digest } from 'node:crypto';

/** Fixed namespace for ferry follow-up ids (a random v4 UUID chosen once; never change it). */
const FERRY_NAMESPACE = '3f0e3c4a-8d55-4d1e-9a43-6a1f0c9b2e71';

const nsBytes = (namespace: string): Buffer => Buffer.from(namespace.replaceAll('-', ''), 'hex');
const FERRY_NS_BYTES = nsBytes(FERRY_NAMESPACE);

export function uuidV5(name: string, namespace: string = FERRY_NAMESPACE): string {
  const ns = namespace === FERRY_NAMESPACE ? FERRY_NS_BYTES : nsBytes(namespace);
  // One-shot sha1 over namespace bytes + name (RFC 4122 §4.3): no Hash object per event.
  const hash = digest('sha1', Buffer.concat([ns, Buffer.from(name, 'utf8')]), 'buffer');
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function followUpId(flow: string, type: string, eventId: string): string {
  return uuidV5(`${flow}/${type}/${eventId}/follow-up`);
}
