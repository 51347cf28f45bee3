// createAlertMonitor: after each pass, one `firing` per new condition, one `resolved` when it clears.
import { FerryError } from '../../core/errors.ts';
import { conditions } from './conditions.ts';
import { payload } from './payload.ts';
import type { AlertStateStore, Announced, AnnouncedByKey } from './state-file.ts';
import type { AlertEvent, AlertRules, AlertSnapshot, Condition, Webhook } from './types.ts';

/** Log lines carry the webhook's name and the failure, never its URL (a secret). */
export interface AlertLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** POSTs a JSON body; rejects on a network error or a non-2xx answer. */
export type PostJson = (url: string, body: unknown) => Promise<void>;

export interface AlertMonitorOptions {
  readonly webhooks: readonly Webhook[];
  readonly rules: AlertRules;
  readonly state: AlertStateStore;
  readonly log: AlertLog;
  readonly post?: PostJson;
}

export interface AlertMonitor {
  /** Never rejects because of a webhook: delivery failures are logged and tried again on the next call. */
  observe(tenant: string, snapshot: AlertSnapshot): Promise<void>;
}

const TIMEOUT_MS = 10_000;

export const postJson: PostJson = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (!res.ok) throw new FerryError('FERRY_ALERT_DELIVERY', `HTTP ${res.status}`);
};

export function createAlertMonitor(opts: AlertMonitorOptions): AlertMonitor {
  const post = opts.post ?? postJson;
  // Errors from fetch may quote the URL: only the error's class and code are logged.
  const reason = (err: unknown): string =>
    err instanceof Error && /^HTTP \d+$/.test(err.message)
      ? err.message
      : String((err as { cause?: { code?: unknown } })?.cause?.code ?? (err as Error)?.name ?? 'error');

  async function deliver(hooks: readonly Webhook[], e: AlertEvent): Promise<string[]> {
    const ok: string[] = [];
    for (const h of hooks) {
      try {
        await post(h.url, payload(h.format, e));
        ok.push(h.name);
        opts.log.info({ webhook: h.name, alert: e.key, status: e.status }, 'alert sent');
      } catch (err) {
        opts.log.warn(
          { webhook: h.name, alert: e.key, status: e.status, reason: reason(err) },
          'alert not delivered',
        );
      }
    }
    return ok;
  }

  return {
    async observe(tenant, snapshot) {
      const before = await opts.state.load(tenant);
      const now = new Map<string, Condition>(conditions(snapshot, opts.rules).map((c) => [c.key, c]));
      const after: AnnouncedByKey = {};
      const event = (c: Condition, status: AlertEvent['status']): AlertEvent => ({
        ...c,
        tenant,
        status,
        at: snapshot.at,
      });
      for (const [key, c] of now) {
        const prev: Announced | undefined = before[key];
        const sent = prev?.sent ?? [];
        const missing = opts.webhooks.filter((h) => !sent.includes(h.name));
        const reached = missing.length === 0 ? [] : await deliver(missing, event(c, 'firing'));
        after[key] = {
          kind: c.kind,
          flow: c.flow,
          text: c.text,
          since: prev?.since ?? snapshot.at,
          sent: [...sent, ...reached],
        };
      }
      for (const [key, prev] of Object.entries(before)) {
        if (now.has(key)) continue;
        const c: Condition = { key, kind: prev.kind as Condition['kind'], flow: prev.flow, text: prev.text };
        const hooks = opts.webhooks.filter((h) => prev.sent.includes(h.name));
        const reached = await deliver(hooks, event(c, 'resolved'));
        // A `resolved` that did not get through is tried again next time.
        const left = prev.sent.filter((n) => !reached.includes(n) && opts.webhooks.some((h) => h.name === n));
        if (left.length > 0) after[key] = { ...prev, sent: left };
      }
      await opts.state.save(tenant, after);
    },
  };
}
