// Does the live Campaign instance answer the way the tenant's `campaign.flavor` says? For `ferry doctor`:
// the tenant id in the URL, and each target's key filter under the name the bundle calls it by.
import { parseCampaignResource } from '../../../core/metadata/campaign.ts';
import type { CampaignFlavor } from '../../../core/model/tenant.ts';
import { encodeComponent, queryString } from '../../http/encode.ts';

/** A compiled target: where its records live and the key filter the bundle calls. */
export interface FlavorTarget {
  readonly resource: string;
  readonly path: string;
  readonly filter: string;
  readonly filterParam: string;
}

export interface FlavorFinding {
  readonly resource: string;
  readonly problem: string;
  readonly hint: string;
}

export interface FlavorCheck {
  readonly ok: boolean;
  /** What the instance's answers point to (`unknown` when nothing decides it). */
  readonly observed: CampaignFlavor | 'unknown';
  readonly findings: readonly FlavorFinding[];
}

export interface FlavorCheckInput {
  readonly flavor: CampaignFlavor;
  /** Base URL ending in /<tenant id>/campaign. */
  readonly baseUrl: string;
  readonly targets: readonly FlavorTarget[];
  /** An authenticated GET (IMS token, API key): status and parsed JSON body. */
  get(url: string): Promise<{ readonly status: number; readonly body: unknown }>;
}

// A key value no record holds: the probe only asks whether the filter URL is answered at all.
const PROBE = 'ferry-flavor-probe-00000000-0000-0000-0000-000000000000';
const standardName = (name: string): string => `by${name.charAt(0).toUpperCase()}${name.slice(1)}`;

export async function checkCampaignFlavor(input: FlavorCheckInput): Promise<FlavorCheck> {
  const base = input.baseUrl.replace(/\/+$/, '');
  const findings: FlavorFinding[] = [];
  const votes = new Set<CampaignFlavor>();
  for (const t of input.targets) {
    const root = t.path.split('/')[0] ?? 'profileAndServicesExt';
    const meta = await input.get(`${base}/${root}/resourceType/${encodeComponent(t.resource, 'resource')}`);
    if (meta.status !== 200) {
      // Reference: a wrong tenant id answers 400 or 500; after a migration the URL needs the v8 tenant id.
      findings.push({
        resource: t.resource,
        problem: `the instance answers HTTP ${meta.status} for the ${t.resource} metadata`,
        hint: 'Check campaign.url: after the move to Campaign v8 it uses the v8 tenant id (https://mc.adobe.io/<v8 tenant id>/campaign).',
      });
      continue;
    }
    const live = parseCampaignResource(meta.body, t.resource);
    const byParam = [...live.filters.values()].find((f) => f.params.includes(t.filterParam));
    const liveName = byParam?.restName;
    if (liveName !== undefined && liveName === standardName(t.filter)) votes.add('standard');
    else if (liveName !== undefined && standardName(liveName) === t.filter) votes.add('v8');
    else if (liveName === t.filter) votes.add(input.flavor);
    const probe = await input.get(
      `${base}/${t.path}/${encodeComponent(t.filter, 'filter')}${queryString({ [t.filterParam]: PROBE })}`,
    );
    if (probe.status === 200) continue;
    findings.push({
      resource: t.resource,
      problem: `the key filter '${t.filter}' is not answered (HTTP ${probe.status})${liveName !== undefined ? `; the instance calls it '${liveName}'` : ''}`,
      hint:
        input.flavor === 'standard'
          ? 'If the instance moved to Campaign v8, set campaign.flavor: v8, run `ferry metadata pull` and compile again.'
          : 'Give the filter a "Filter name in REST API" in Campaign v8, run `ferry metadata pull` and compile again.',
    });
  }
  const observed = votes.size === 1 ? ([...votes][0] ?? 'unknown') : 'unknown';
  if (observed !== 'unknown' && observed !== input.flavor && findings.length === 0) {
    findings.push({
      resource: input.targets.map((t) => t.resource).join(', '),
      problem: `the tenant says campaign.flavor: ${input.flavor}, the instance names its filters as Campaign ${observed === 'v8' ? 'v8' : 'Standard'} does`,
      hint: 'Set campaign.flavor to match the instance and pull the metadata again.',
    });
  }
  return { ok: findings.length === 0, observed, findings };
}
