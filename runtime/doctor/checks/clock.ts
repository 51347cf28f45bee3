// Clock skew: the Dynamics `Date` header against the local clock. Tokens carry validity times and the
// runtime compares timestamps from both services, so a drifting host clock shows up as odd failures.
import type { Check } from '../types.ts';
import { fail, ok, warn } from '../types.ts';

/** Microsoft Entra and most token validators tolerate five minutes. */
export const SKEW_FAIL_MS = 5 * 60_000;
/** `Date` has one-second resolution; beyond a minute the host is not synchronised. */
export const SKEW_WARN_MS = 60_000;

export const clock: Check = async (ctx) => {
  const d = ctx.facts.date;
  if (d === undefined)
    return [
      warn(
        'clock skew',
        'no Dynamics answer with a Date header to compare with',
        'Fix the token or WhoAmI finding above, then run ferry doctor again.',
      ),
    ];
  const skew = d.local - d.server;
  const text = `local clock is ${Math.round(Math.abs(skew) / 1000)} s ${skew >= 0 ? 'ahead of' : 'behind'} Dynamics`;
  const fix =
    'Synchronise the host clock (NTP: timedatectl set-ntp true, or the w32time service on Windows).';
  if (Math.abs(skew) > SKEW_FAIL_MS) return [fail('clock skew', text, fix)];
  if (Math.abs(skew) > SKEW_WARN_MS) return [warn('clock skew', text, fix)];
  return [ok('clock skew', text)];
};
