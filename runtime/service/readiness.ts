// /readyz: every tenant's state store answers, its bundle is loaded and verified, and no flow is stopped by drift.
import { StateError } from '../../core/errors.ts';
import type { Runtime } from '../index.ts';
import { messageOf } from './errors.ts';
import type { TenantLoop } from './tenant-loop.ts';

/** A state store that does not answer within this is not ready. */
const STATE_TIMEOUT_MS = 2000;

export interface TenantReadiness {
  readonly tenant: string;
  readonly state: { readonly ok: boolean; readonly error?: string };
  readonly bundle: { readonly ok: boolean; readonly hash: string; readonly error?: string };
  /** Flows serve stopped: drift makes the tenant unready; a configuration error is listed too. */
  readonly stopped: readonly { readonly flow: string; readonly kind: string; readonly code: string }[];
  readonly ready: boolean;
}

export interface Readiness {
  readonly ready: boolean;
  readonly stopping: boolean;
  readonly tenants: readonly TenantReadiness[];
}

async function stateOk(rt: Runtime): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StateError('FERRY_STATE_TIMEOUT', `no answer within ${STATE_TIMEOUT_MS} ms`)),
      STATE_TIMEOUT_MS,
    );
  });
  try {
    const flow = rt.engine.bundle.flows[0]?.name ?? 'ferry';
    await Promise.race([rt.state.getStatus(flow), timeout]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: messageOf(err) };
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(
  tenants: readonly { readonly loop: TenantLoop; readonly rt: Runtime }[],
  stopping: boolean,
): Promise<Readiness> {
  const out = await Promise.all(
    tenants.map(async ({ loop, rt }): Promise<TenantReadiness> => {
      const state = await stateOk(rt);
      const bundle = {
        ok: loop.bundleError === null,
        hash: rt.manifest.bundleHash,
        ...(loop.bundleError !== null ? { error: loop.bundleError } : {}),
      };
      const stopped = [...loop.slots.values()].flatMap((s) =>
        s.stopped ? [{ flow: s.flow, kind: s.stopped.kind, code: s.stopped.code }] : [],
      );
      const ready = state.ok && bundle.ok && !stopped.some((s) => s.kind === 'drift');
      return { tenant: loop.name, state, bundle, stopped, ready };
    }),
  );
  return { ready: !stopping && out.every((t) => t.ready), stopping, tenants: out };
}
