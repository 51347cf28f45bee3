// ferry's modeled email-event payload (campaign-standard-api.md §10.4): a ferry contract, not Adobe's.
export type EmailEventType = 'send' | 'open' | 'click' | 'bounce';

export interface EmailEvent {
  readonly id: string;
  readonly type: EmailEventType;
  /** UTC instant, ISO-8601. */
  readonly timestamp: string;
  readonly profile: { readonly PKey: string; readonly externalId: string; readonly email: string };
  readonly delivery: { readonly id: string; readonly label: string; readonly mirrorPageUrl: string | null };
  readonly campaign: { readonly id: string; readonly label: string };
  /** click only. */
  readonly url?: string;
  /** bounce only. */
  readonly bounce?: { readonly type: 'hard' | 'soft'; readonly reason: string };
}

export interface JournalRecord {
  readonly position: string;
  readonly event: EmailEvent;
}
