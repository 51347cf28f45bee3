// Which alert conditions hold in one snapshot: pure, so every rule is testable without a server.
import type { AlertRules, AlertSnapshot, Condition } from './types.ts';

/** The shortest interval the no-success rule counts with. */
export const MIN_ALERT_INTERVAL_MS = 60_000;

export function conditions(s: AlertSnapshot, rules: AlertRules): Condition[] {
  const now = Date.parse(s.at);
  const out: Condition[] = [];
  for (const f of s.flows) {
    if (f.drift)
      out.push({
        key: `drift:${f.flow}`,
        kind: 'drift',
        flow: f.flow,
        text: `flow ${f.flow} stopped: drift`,
      });
    else if (f.lastOutcome === 'failed')
      out.push({
        key: `flow-failed:${f.flow}`,
        kind: 'flow-failed',
        flow: f.flow,
        text: `flow ${f.flow} failed${f.error ? `: ${f.error}` : ''}`,
      });
    // A flow that never succeeded is measured from nothing: only its failures alert until it ran once.
    const since = f.lastSuccessAt === null ? null : now - Date.parse(f.lastSuccessAt);
    // An interval counts as at least a minute: at a 5 s poll, 3 intervals would page on a 15 s blip.
    if (since !== null && since > rules.missedIntervals * Math.max(f.intervalMs, MIN_ALERT_INTERVAL_MS))
      out.push({
        key: `no-success:${f.flow}`,
        kind: 'no-success',
        flow: f.flow,
        text: `flow ${f.flow}: no successful run for ${Math.round(since / 60_000)} min (${rules.missedIntervals} intervals)`,
      });
  }
  if (s.deadLetters > rules.deadLetters)
    out.push({
      key: 'dead-letters',
      kind: 'dead-letters',
      flow: null,
      text: `${s.deadLetters} dead letters (threshold ${rules.deadLetters})`,
    });
  if (s.oldestPendingOptoutMs !== null && s.oldestPendingOptoutMs > rules.optoutPendingMs)
    out.push({
      key: 'optout-pending',
      kind: 'optout-pending',
      flow: null,
      text: `an opt-out has been pending for ${Math.round(s.oldestPendingOptoutMs / 60_000)} min`,
    });
  if (s.authFailure !== null)
    out.push({
      key: 'auth-failure',
      kind: 'auth-failure',
      flow: null,
      text: `authentication failed: ${s.authFailure}`,
    });
  return out;
}
