// `ferry provision`: what the mappings need (needs.ts), what Dynamics lacks (plan.ts), the writes (apply.ts).
import type { Mapping } from '../../core/model/mapping.ts';
import type { DynamicsHttp } from '../connectors/dynamics/http.ts';
import { httpError, parseJson } from '../http/errors.ts';
import { applySteps, waitForKeys, type Applied, type WaitOptions } from './apply.ts';
import type { MetadataApi } from './live.ts';
import { dynamicsNeeds } from './needs.ts';
import { planProvision, type ProvisionPlan, type Problem } from './plan.ts';

export { campaignChecklist, campaignNeeds } from './campaign.ts';
export type { CampaignResourceNeed } from './campaign.ts';
export { dynamicsNeeds, isCustomName } from './needs.ts';
export type { ColumnNeed, KeyNeed, TableNeed } from './needs.ts';
export type { Problem, ProvisionPlan, Step } from './plan.ts';
export type { Applied, WaitOptions } from './apply.ts';
export type { MetadataApi } from './live.ts';

/** The metadata endpoints over the tenant's Dynamics connection; `solution` adds MSCRM.SolutionUniqueName. */
export function metadataApi(http: DynamicsHttp, solution?: string): MetadataApi {
  return {
    async get(path) {
      const res = await http.raw({ method: 'GET', url: http.url(path) });
      if (res.status === 404) return null;
      if (res.status >= 400) throw httpError(res, `GET ${path}`);
      return parseJson<Record<string, unknown>>(res, `GET ${path}`);
    },
    async post(path, body) {
      const res = await http.raw({
        method: 'POST',
        url: http.url(path),
        body: JSON.stringify(body),
        idempotent: false,
        ...(solution ? { headers: { 'MSCRM.SolutionUniqueName': solution } } : {}),
      });
      if (res.status >= 400) throw httpError(res, `POST ${path}`);
      return res.headers['odata-entityid'] ?? '';
    },
  };
}

export interface ProvisionResult {
  readonly plan: ProvisionPlan;
  readonly applied: readonly Applied[];
  /** Plan problems plus keys that did not become Active. */
  readonly problems: readonly Problem[];
}

/** Plans, and unless `dryRun`, creates what is missing and waits for the new keys. */
export async function provision(
  api: MetadataApi,
  mappings: readonly Mapping[],
  opts: { dryRun: boolean; wait: WaitOptions; onStep?: (a: Applied) => void },
): Promise<ProvisionResult> {
  const needs = dynamicsNeeds(mappings);
  const plan = await planProvision(api, needs);
  if (opts.dryRun || plan.problems.some((p) => p.severity === 'error'))
    return { plan, applied: [], problems: plan.problems };
  const applied = await applySteps(api, plan.steps, opts.onStep);
  // Every key the mappings need is read again: new ones and ones an earlier run left building.
  const keyTables = needs.filter((t) => t.keys.length > 0 && t.custom).map((t) => t.logicalName);
  const keyProblems = await waitForKeys(api, keyTables, opts.wait);
  return {
    plan,
    applied,
    problems: [...plan.problems.filter((p) => p.code !== 'FERRY_PROVISION_KEY'), ...keyProblems],
  };
}
