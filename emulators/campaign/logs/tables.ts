// Campaign v8 delivery and tracking logs (nms:broadLogRcp, nms:trackingLogRcp), fed from the sandbox's
// simulated deliveries. A delivery log row is inserted when the message is sent and updated when it
// bounces (Adobe's v8 data model page: "inserted, updated to track the delivery status").

export interface LogPeople {
  readonly recipient: { readonly PKey: string; readonly externalId: string; readonly email: string };
  readonly delivery: { readonly id: string; readonly label: string; readonly mirrorPageUrl: string | null };
  readonly operation: { readonly id: string; readonly label: string };
}

export interface BroadLogRow extends LogPeople {
  readonly id: number;
  /** Modelled: server time of the last change, strictly increasing across changes (ms). */
  lastModified: number;
  readonly eventDate: number;
  status: 'sent' | 'failed';
  failureType?: 'hard' | 'soft';
  failureReason?: string;
}

export interface TrackingLogRow extends LogPeople {
  readonly id: number;
  readonly logDate: number;
  readonly type: 'open' | 'click';
  readonly url?: string;
  readonly broadLogId: number;
}

/** The sandbox's simulated email event (the journal payload shape). */
export interface SimulatedEvent {
  readonly type: 'send' | 'open' | 'click' | 'bounce';
  readonly timestamp: string;
  readonly profile: LogPeople['recipient'];
  readonly delivery: LogPeople['delivery'];
  readonly campaign: LogPeople['operation'];
  readonly url?: string;
  readonly bounce?: { readonly type: 'hard' | 'soft'; readonly reason: string };
}

export class CampaignLogs {
  readonly broad: BroadLogRow[] = [];
  readonly tracking: TrackingLogRow[] = [];
  private readonly byMessage = new Map<string, BroadLogRow>();
  private lastChange = 0;

  // Every change gets a later lastModified than every earlier change, as a server clock would.
  private stamp(at: number): number {
    this.lastChange = Math.max(this.lastChange + 1, at);
    return this.lastChange;
  }

  /** Records one simulated event: a send inserts, a bounce updates, opens and clicks add tracking rows. */
  append(e: SimulatedEvent): void {
    const at = Date.parse(e.timestamp);
    const key = `${e.delivery.id}\u0000${e.profile.PKey}`;
    const people = { recipient: e.profile, delivery: e.delivery, operation: e.campaign };
    if (e.type === 'send') {
      const row: BroadLogRow = {
        id: this.broad.length + 1,
        lastModified: this.stamp(at),
        eventDate: at,
        status: 'sent',
        ...people,
      };
      this.broad.push(row);
      this.byMessage.set(key, row);
      return;
    }
    const sent = this.byMessage.get(key);
    if (!sent) return;
    if (e.type === 'bounce') {
      sent.status = 'failed';
      sent.failureType = e.bounce?.type ?? 'soft';
      sent.failureReason = e.bounce?.reason ?? '';
      sent.lastModified = this.stamp(at);
      return;
    }
    this.tracking.push({
      id: this.tracking.length + 1,
      logDate: at,
      type: e.type,
      ...(e.url !== undefined ? { url: e.url } : {}),
      broadLogId: sent.id,
      ...people,
    });
  }
}
