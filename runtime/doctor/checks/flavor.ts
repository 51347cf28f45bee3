// Does the live Campaign instance answer as the tenant's `campaign.flavor` says (tenant id in the URL, key filters
// under the names the compiled bundle calls)? The check a team runs on the day its instance moves to Campaign v8.
import { FerryError, HttpError } from '../../../core/errors.ts';
import { checkCampaignFlavor } from '../../connectors/campaign/flavor-check.ts';
import type { Check, Finding } from '../types.ts';
import { fail, ok } from '../types.ts';

const NAME = 'Campaign flavor';

/** The HTTP status of a failed Campaign GET (a record-level rejection keeps it in its details). */
function statusOf(err: unknown): number | null {
  if (err instanceof HttpError && err.status !== undefined) return err.status;
  const s = err instanceof FerryError ? err.details['status'] : undefined;
  return typeof s === 'number' ? s : null;
}

export const flavor: Check = async (ctx) => {
  const targets = ctx.flavorTargets;
  const configured = ctx.tenant.campaign.flavor ?? 'standard';
  // Before the first compile there are no filter names to try; that is not a finding against the tenant.
  if (targets === undefined || targets.length === 0)
    return [ok(NAME, `campaign.flavor: ${configured}; key filters not tried (no compiled bundle yet)`)];
  const r = await checkCampaignFlavor({
    flavor: configured,
    baseUrl: ctx.tenant.campaign.url,
    targets,
    // Through the connector: its token, its origin check, its encoder.
    get: async (url) => {
      try {
        return { status: 200, body: await ctx.conn.campaign.getHref(url) };
      } catch (err) {
        const status = statusOf(err);
        if (status === null) throw err;
        return { status, body: null };
      }
    },
  });
  if (r.ok)
    return [
      ok(
        NAME,
        `campaign.flavor: ${configured}; the instance answers as Campaign ${configured === 'v8' ? 'v8' : 'Standard'}`,
      ),
    ];
  return r.findings.map((f): Finding => fail(NAME, `${f.resource}: ${f.problem}`, f.hint));
};
