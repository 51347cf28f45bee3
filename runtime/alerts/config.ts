// Tenant `alerts:` → webhooks with their URLs resolved (secrets) and the thresholds with their defaults.
import type { AlertSettings } from '../../core/model/tenant.ts';
import { parseInterval } from '../engine/interval.ts';
import { resolveSecret } from '../secrets.ts';
import type { AlertRules, Webhook } from './types.ts';

export const DEFAULT_RULES: AlertRules = {
  deadLetters: 100,
  missedIntervals: 3,
  optoutPendingMs: 60 * 60_000,
};

export function alertRules(a: AlertSettings): AlertRules {
  return {
    deadLetters: a.deadLetters ?? DEFAULT_RULES.deadLetters,
    missedIntervals: a.missedIntervals ?? DEFAULT_RULES.missedIntervals,
    optoutPendingMs:
      a.optoutPendingFor === undefined
        ? DEFAULT_RULES.optoutPendingMs
        : (parseInterval(a.optoutPendingFor) ?? DEFAULT_RULES.optoutPendingMs),
  };
}

/** Each URL is registered as a secret by resolveSecret: scrubbed from every log line and message from then on. */
export async function resolveWebhooks(
  a: AlertSettings,
  tenantDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Webhook[]> {
  const out: Webhook[] = [];
  for (const w of a.webhooks)
    out.push({ name: w.name, url: await resolveSecret(w.url, tenantDir, env), format: w.format ?? 'json' });
  return out;
}
