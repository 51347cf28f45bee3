// Tenant `alerts:` checks the schema cannot express: unique webhook names and URLs, no credential reused as a URL.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { FRONTEND_CODES as C, hintFor } from '../diagnostics/codes.ts';
import type { LoadedYaml } from '../load/types.ts';
import type { SecretRef, TenantFile } from '../../core/model/tenant.ts';

const refKey = (r: SecretRef): string => ('env' in r ? `env:${r.env}` : `file:${r.file}`);

/** Every SecretRef of the tenant's credentials (whatever field holds it). */
function credentialRefs(value: unknown, out: Set<string>): Set<string> {
  if (value === null || typeof value !== 'object') return out;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && (typeof o['env'] === 'string' || typeof o['file'] === 'string'))
    out.add(refKey(o as SecretRef));
  else for (const v of Object.values(o)) credentialRefs(v, out);
  return out;
}

export function checkAlerts(doc: LoadedYaml, tenant: TenantFile): Diagnostic[] {
  const a = tenant.alerts;
  if (a === undefined) return [];
  const out: Diagnostic[] = [];
  const at = (pointer: string, code: string, message: string): void => {
    const pos = doc.position(pointer, { key: false });
    out.push({
      code,
      severity: 'error',
      file: doc.file,
      pointer,
      line: pos.line,
      col: pos.col,
      message,
      hint: hintFor(code),
    });
  };
  const credentials = credentialRefs({ dynamics: tenant.dynamics, campaign: tenant.campaign }, new Set());
  const names = new Map<string, number>();
  const urls = new Map<string, number>();
  a.webhooks.forEach((w, i) => {
    const first = names.get(w.name);
    if (first !== undefined)
      at(
        `/alerts/webhooks/${i}/name`,
        C.alertWebhookName.code,
        `webhook "${w.name}" is also webhook ${first + 1}`,
      );
    else names.set(w.name, i);
    const key = refKey(w.url);
    const same = urls.get(key);
    if (same !== undefined)
      at(
        `/alerts/webhooks/${i}/url`,
        C.alertWebhookTwice.code,
        `same URL reference as webhook ${same + 1} (${key})`,
      );
    else urls.set(key, i);
    if (credentials.has(key))
      at(`/alerts/webhooks/${i}/url`, C.alertWebhookCredential.code, `${key} is also a credential's secret`);
  });
  if (a.optoutPendingFor !== undefined && /^0+(ms|s|m|h)$/.test(a.optoutPendingFor))
    at('/alerts/optoutPendingFor', C.alertZeroDuration.code, `optoutPendingFor is ${a.optoutPendingFor}`);
  return out;
}
