// Deterministic delivery simulation: send/open/click/bounce events for a list of profiles, from a seed.
import { Rng } from '../common/prng.ts';
import type { EmailEvent } from './payload.ts';

export interface DeliveryProfile {
  readonly PKey: string;
  readonly externalId: string;
  readonly email: string;
}

export interface DeliverySpec {
  readonly seed: number;
  readonly profiles: readonly DeliveryProfile[];
  readonly delivery?: { readonly id: string; readonly label: string; readonly mirrorPageUrl?: string | null };
  readonly campaign?: { readonly id: string; readonly label: string };
  /** Share of delivered (non-bounced) messages opened, 0..1. */
  readonly openRate?: number;
  /** Share of opened messages clicked, 0..1. */
  readonly clickRate?: number;
  /** Share of sends that bounce, 0..1. */
  readonly bounceRate?: number;
  /** Share of bounces that are hard, 0..1. */
  readonly hardBounceShare?: number;
  /** Send time (ms since epoch); events follow within hours. */
  readonly startAt: number;
  readonly urls?: readonly string[];
}

const HARD = ['User unknown', 'Invalid domain', 'Mailbox does not exist'];
const SOFT = ['Mailbox full', 'Unreachable', 'Refused'];
const iso = (ms: number): string => new Date(ms).toISOString();

/** Same spec, same events (ids, types, timestamps, order): a replay is recognisable by `id`. */
export function simulateDelivery(spec: DeliverySpec): EmailEvent[] {
  const rng = new Rng(`delivery:${spec.seed}`);
  const delivery = {
    id: spec.delivery?.id ?? `DM${100 + (spec.seed % 900)}`,
    label: spec.delivery?.label ?? `Newsletter ${spec.seed}`,
    mirrorPageUrl:
      spec.delivery?.mirrorPageUrl === undefined
        ? `https://t.ferrysandbox.example/m/${spec.delivery?.id ?? `DM${100 + (spec.seed % 900)}`}`
        : spec.delivery.mirrorPageUrl,
  };
  const campaign = spec.campaign ?? { id: '2019LoyaltyCamp', label: 'Loyalty 2019' };
  const urls = spec.urls ?? [
    'https://example.com/offer',
    'https://example.com/news',
    'https://example.com/unsubscribe-preferences',
  ];
  const events: EmailEvent[] = [];
  spec.profiles.forEach((profile, i) => {
    const base = {
      profile: { PKey: profile.PKey, externalId: profile.externalId, email: profile.email },
      delivery,
      campaign,
    };
    const sentAt = spec.startAt + i * 10;
    const id = (type: string): string => `evt-${delivery.id}-${i}-${type}`;
    events.push({ id: id('send'), type: 'send', timestamp: iso(sentAt), ...base });
    if (rng.chance(spec.bounceRate ?? 0.02)) {
      const hard = rng.chance(spec.hardBounceShare ?? 0.5);
      const reason = rng.pick(hard ? HARD : SOFT);
      events.push({
        id: id('bounce'),
        type: 'bounce',
        timestamp: iso(sentAt + 1000 + rng.int(60_000)),
        ...base,
        bounce: { type: hard ? 'hard' : 'soft', reason },
      });
      return;
    }
    if (!rng.chance(spec.openRate ?? 0.3)) return;
    const openedAt = sentAt + 60_000 + rng.int(6 * 3600_000);
    events.push({ id: id('open'), type: 'open', timestamp: iso(openedAt), ...base });
    if (rng.chance(spec.clickRate ?? 0.2)) {
      events.push({
        id: id('click'),
        type: 'click',
        timestamp: iso(openedAt + 1000 + rng.int(600_000)),
        ...base,
        url: rng.pick(urls),
      });
    }
  });
  // Journal order follows event time; ties keep generation order (stable sort).
  return events.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}
