// Both token endpoints, and WhoAmI with the Dynamics token: the credentials work and the app has a user.
import { ERRORS, FerryError, HttpError } from '../../../core/errors.ts';
import type { ErrorSpec } from '../../../core/errors.ts';
import { parseJson } from '../../http/errors.ts';
import type { Check, DoctorContext, Finding } from '../types.ts';
import { fail, message, ok } from '../types.ts';

/** The registry's hint for a ferry error, else a generic one naming the tenant keys. */
function fixFor(err: unknown, fallback: string): string {
  if (err instanceof FerryError) return (ERRORS[err.code] as ErrorSpec).hint ?? fallback;
  return fallback;
}

async function whoAmI(ctx: DoctorContext): Promise<Finding> {
  const d = ctx.conn.dynamics;
  try {
    const res = await d.http.get(d.http.url('WhoAmI'), undefined, 'Dynamics WhoAmI');
    const local = ctx.now();
    const date = Date.parse(res.headers['date'] ?? '');
    if (Number.isFinite(date)) ctx.facts.date = { server: date, local };
    const hint = Number(res.headers['x-ms-dop-hint']);
    if (Number.isInteger(hint) && hint > 0) ctx.facts.dopHint = hint;
    const body = parseJson<{ UserId?: unknown; OrganizationId?: unknown }>(res, 'Dynamics WhoAmI');
    if (typeof body.UserId !== 'string')
      return fail(
        'Dynamics WhoAmI',
        'WhoAmI answered without a UserId',
        'Check dynamics.url: it must be the org URL (https://<org>.crm.dynamics.com).',
      );
    ctx.facts.userId = body.UserId;
    return ok(
      'Dynamics WhoAmI',
      `application user ${body.UserId} in organization ${String(body.OrganizationId)}`,
    );
  } catch (err) {
    const status = err instanceof HttpError ? err.status : undefined;
    return fail(
      'Dynamics WhoAmI',
      message(err),
      status === 401 || status === 403
        ? 'Create the application user for this client id (Power Platform admin center > Environment > Settings > Application users) and give it a security role.'
        : status !== undefined && status >= 500
          ? 'Dynamics is unavailable: run ferry doctor again later; if it persists, check the environment in the Power Platform admin center.'
          : 'Check dynamics.url: it must be the org URL (https://<org>.crm.dynamics.com).',
    );
  }
}

export const tokens: Check = async (ctx) => {
  const out: Finding[] = [];
  try {
    await ctx.conn.tokens.dynamics.getToken(true);
    out.push(ok('Dynamics token', `Microsoft Entra issued a token for ${ctx.tenant.dynamics.url}`));
    out.push(await whoAmI(ctx));
  } catch (err) {
    out.push(
      fail(
        'Dynamics token',
        message(err),
        fixFor(err, 'Check dynamics.tenantId, clientId and the client secret.'),
      ),
    );
  }
  try {
    await ctx.conn.tokens.campaign.getToken(true);
    out.push(ok('Campaign token', 'Adobe IMS issued a token for the technical account'));
  } catch (err) {
    out.push(
      fail(
        'Campaign token',
        message(err),
        fixFor(err, 'Check campaign.clientId, the client secret and imsTokenUrl.'),
      ),
    );
  }
  return out;
};
