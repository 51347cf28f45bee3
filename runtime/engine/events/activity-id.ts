// Follow-up tasks have no alternate key, so their activityid is derived from the event (RFC 4122 UUID v5):
// a replayed event upserts the same task instead of creating a second one.
import { createHash } from 'node:crypto';

/** Fixed namespace for ferry follow-up ids (a random v4 UUID chosen once; never change it). */
const FERRY_NAMESPACE = '3f0e3c4a-8d55-4d1e-9a43-6a1f0c9b2e71';

export function uuidV5(name: string, namespace: string = FERRY_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function followUpId(flow: string, type: string, eventId: string): string {
  return uuidV5(`${flow}/${type}/${eventId}/follow-up`);
}
