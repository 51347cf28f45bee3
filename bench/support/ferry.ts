// A ferry runtime for the sandbox tenant pointed at a benchmark's emulator host.
import { loadProject } from '../../compiler/project/index.ts';
import { ConfigError, FerryError } from '../../core/errors.ts';
import type { CampaignConnection, DynamicsConnection } from '../../core/model/tenant.ts';
import { createRuntime, type Runtime } from '../../runtime/index.ts';
import type { RunReport } from '../../runtime/engine/engine.ts';
import type { FlowReport } from '../../runtime/engine/run-flow.ts';
import { ROOT } from './paths.ts';
import type { HostInfo } from './emulator-protocol.ts';

export interface FerryCaps {
  /** Campaign calls per second (tenant `campaign.callsPerSecond`). */
  readonly callsPerSecond: number;
  /** Campaign concurrency (tenant `campaign.concurrency`). */
  readonly concurrency: number;
}

export async function benchRuntime(
  info: HostInfo,
  bundleDir: string,
  caps: FerryCaps,
  state = 'sqlite::memory:',
  /** Further tenant settings (e.g. batch sizes) merged over the sandbox tenant's. */
  extra: { dynamics?: Partial<DynamicsConnection>; campaign?: Partial<CampaignConnection> } = {},
): Promise<Runtime> {
  const project = await loadProject({ root: ROOT, tenant: 'sandbox' });
  if (project.tenant === null)
    throw new ConfigError('FERRY_BENCH_TENANT', 'tenants/sandbox/tenant.yaml is invalid');
  return createRuntime({
    tenantDir: project.tenantDir,
    tenant: project.tenant.value,
    bundleDir,
    overrides: {
      dynamics: { url: info.dynamics.url, tokenUrl: info.dynamics.tokenUrl, ...extra.dynamics },
      campaign: {
        url: info.campaign.url,
        imsTokenUrl: info.campaign.imsTokenUrl,
        journalUrl: info.campaign.journalUrl,
        callsPerSecond: caps.callsPerSecond,
        concurrency: caps.concurrency,
        ...extra.campaign,
      },
      state,
      env: {
        FERRY_SANDBOX_DYNAMICS_SECRET: info.dynamics.clientSecret,
        FERRY_SANDBOX_CAMPAIGN_SECRET: info.campaign.clientSecret,
      },
    },
  });
}

/** The one flow a bench child ran, or an error saying how it ended (a failed sync measures nothing). */
export function okFlow(report: RunReport, name: string): FlowReport {
  const flow = report.flows[0];
  if (!flow || flow.outcome !== 'ok')
    throw new FerryError(
      'FERRY_BENCH_RUN',
      `${name} sync ${flow?.outcome ?? 'missing'}: ${flow?.error ?? ''}`,
    );
  return flow;
}
