// `ferry doctor`: every check against one tenant, in an order where later checks reuse what earlier ones learnt.
import type { Mapping } from '../../core/model/mapping.ts';
import type { TenantFile } from '../../core/model/tenant.ts';
import type { TenantConnectors } from '../connectors/index.ts';
import type { FlavorTarget } from '../connectors/campaign/flavor-check.ts';
import { alternateKeys } from './checks/alternate-keys.ts';
import { campaign } from './checks/campaign.ts';
import { changeTracking } from './checks/change-tracking.ts';
import { clock } from './checks/clock.ts';
import { flavor } from './checks/flavor.ts';
import { placeholderFinding, placeholders } from './checks/placeholders.ts';
import { privileges } from './checks/privileges.ts';
import { rateLimits } from './checks/rate-limits.ts';
import { tokens } from './checks/tokens.ts';
import { doctorNeeds } from './needs.ts';
import type { Check, DoctorContext, Finding } from './types.ts';
import { fail, message, warn } from './types.ts';

export type { Finding, Status } from './types.ts';
export { worst } from './types.ts';
export { doctorNeeds } from './needs.ts';

/** Tokens first: WhoAmI gives the user id, the Date header and the parallelism hint the others read. */
export const CHECKS: readonly (readonly [string, Check])[] = [
  ['placeholders', placeholders],
  ['tokens', tokens],
  ['privileges', privileges],
  ['change tracking', changeTracking],
  ['alternate keys', alternateKeys],
  ['Campaign', campaign],
  ['Campaign flavor', flavor],
  ['clock skew', clock],
  ['rate limits', rateLimits],
];

export interface DoctorOptions {
  readonly tenant: TenantFile;
  readonly tenantText: string;
  readonly mappings: readonly Mapping[];
  /** Campaign path of a resource (from the compiled bundle when there is one). */
  readonly pathOf: (resource: string) => string;
  readonly conn: TenantConnectors;
  readonly now?: () => number;
  /** The compiled bundle's Campaign targets, for the flavour check. */
  readonly flavorTargets?: readonly FlavorTarget[];
}

export async function runDoctor(opts: DoctorOptions): Promise<Finding[]> {
  const ctx: DoctorContext = {
    tenant: opts.tenant,
    tenantText: opts.tenantText,
    needs: doctorNeeds(opts.mappings, opts.pathOf),
    conn: opts.conn,
    now: opts.now ?? Date.now,
    facts: {},
    ...(opts.flavorTargets === undefined ? {} : { flavorTargets: opts.flavorTargets }),
  };
  const out: Finding[] = [];
  for (const [name, check] of CHECKS) {
    try {
      out.push(...(await check(ctx)));
    } catch (err) {
      // A check that breaks is itself a finding: the rest still run.
      out.push(fail(name, message(err), 'Run again with --log pretty to see the failing request.'));
    }
  }
  return out;
}

/**
 * A tenant file with placeholders names no real service, so the project does not load: report the
 * placeholders and say the other checks wait for them.
 */
export function placeholderFindings(tenantText: string): Finding[] {
  return [
    placeholderFinding(tenantText),
    warn(
      'other checks',
      'not run: the tenant file does not name real services yet',
      'Replace the placeholders, then run ferry doctor again.',
    ),
  ];
}
