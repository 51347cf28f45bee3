// Rate limits configured for the tenant against what the services publish: Dataverse's concurrency limit
// (52 per user) and its recommended parallelism (`x-ms-dop-hint`); Campaign publishes no request rate.
import type { Check, Finding } from '../types.ts';
import { fail, ok, warn } from '../types.ts';

/** Dataverse service protection: concurrent requests per user (reference §11). */
export const DATAVERSE_CONCURRENCY = 52;
const DEFAULT_MAX_CONCURRENCY = 8;

export const rateLimits: Check = async (ctx) => {
  const out: Finding[] = [];
  const configured = ctx.tenant.dynamics.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  const hint = ctx.facts.dopHint;
  const what = `dynamics.maxConcurrency ${configured}`;
  if (configured > DATAVERSE_CONCURRENCY)
    out.push(
      fail(
        'Dynamics rate limit',
        `${what} exceeds the service's ${DATAVERSE_CONCURRENCY} concurrent requests per user`,
        `Set dynamics.maxConcurrency to ${hint ?? DEFAULT_MAX_CONCURRENCY} or less.`,
      ),
    );
  else if (hint !== undefined && configured > hint)
    out.push(
      warn(
        'Dynamics rate limit',
        `${what} is above the org's recommended parallelism (x-ms-dop-hint ${hint})`,
        `Set dynamics.maxConcurrency to ${hint}: more only earns 429 answers.`,
      ),
    );
  else
    out.push(
      ok(
        'Dynamics rate limit',
        `${what}${hint === undefined ? '' : `, org recommends ${hint}`}, service limit ${DATAVERSE_CONCURRENCY}`,
      ),
    );
  const cps = ctx.tenant.campaign.callsPerSecond ?? 20;
  const concurrency = ctx.tenant.campaign.concurrency ?? 8;
  // Each call takes well over a millisecond, so more requests in flight than calls per second never helps.
  if (concurrency > Math.max(1, Math.ceil(cps)))
    out.push(
      warn(
        'Campaign rate limit',
        `campaign.concurrency ${concurrency} is above campaign.callsPerSecond ${cps}`,
        `Set campaign.concurrency to ${Math.max(1, Math.ceil(cps))} or less, or raise callsPerSecond within your licensed engine calls.`,
      ),
    );
  else
    out.push(
      ok(
        'Campaign rate limit',
        `campaign.callsPerSecond ${cps} (Campaign publishes no request rate; every call counts toward the licensed engine calls per day)`,
      ),
    );
  return out;
};
