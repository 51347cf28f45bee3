// Alerts: webhooks (Slack, Teams, plain JSON) on conditions an operator must act on, deduplicated across restarts.
import path from 'node:path';
import type { TenantFile } from '../../core/model/tenant.ts';
import { alertRules, resolveWebhooks } from './config.ts';
import { createAlertMonitor, type AlertLog, type AlertMonitor } from './monitor.ts';
import { fileAlertState } from './state-file.ts';

export { createAlertMonitor, postJson } from './monitor.ts';
export type { AlertLog, AlertMonitor, AlertMonitorOptions, PostJson } from './monitor.ts';
export { conditions } from './conditions.ts';
export { payload } from './payload.ts';
export { alertSnapshot } from './snapshot.ts';
export { alertRules, resolveWebhooks, DEFAULT_RULES } from './config.ts';
export { fileAlertState, type AlertStateStore } from './state-file.ts';
export type * from './types.ts';

/** The tenant's monitor (state in `.state/alerts.json` of its folder), or null when it configures no alerts. */
export async function tenantAlertMonitor(
  tenant: TenantFile,
  tenantDir: string,
  log: AlertLog,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AlertMonitor | null> {
  const a = tenant.alerts;
  if (a === undefined || a.webhooks.length === 0) return null;
  return createAlertMonitor({
    webhooks: await resolveWebhooks(a, tenantDir, env),
    rules: alertRules(a),
    state: fileAlertState(path.join(tenantDir, '.state', 'alerts.json')),
    log,
  });
}
