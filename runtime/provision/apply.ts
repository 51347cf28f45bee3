// Runs a provisioning plan: the POSTs in order (tables before their keys), then waits for Dataverse to build
// each new key's index (EntityKeyIndexStatus Pending -> Active) so the first run can upsert by event id.
import { readKeys, type LiveKey, type MetadataApi } from './live.ts';
import type { Problem, Step } from './plan.ts';

export interface WaitOptions {
  /** Give up waiting after this long (the keys keep building in Dynamics). */
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface Applied {
  readonly step: Step;
  /** The OData-EntityId the service answered with. */
  readonly entityId: string;
}

export async function applySteps(
  api: MetadataApi,
  steps: readonly Step[],
  onStep: (a: Applied) => void = () => undefined,
): Promise<Applied[]> {
  const done: Applied[] = [];
  for (const step of steps) {
    const a = { step, entityId: await api.post(step.path, step.body) };
    done.push(a);
    onStep(a);
  }
  return done;
}

/** Polls the keys of `tables` until none is Pending or InProgress, or the timeout; reports what is not Active. */
export async function waitForKeys(
  api: MetadataApi,
  tables: readonly string[],
  opts: WaitOptions,
): Promise<Problem[]> {
  const start = opts.now();
  let keys: { table: string; key: LiveKey }[] = [];
  for (;;) {
    keys = [];
    for (const t of tables) for (const key of await readKeys(api, t)) keys.push({ table: t, key });
    const building = keys.filter((k) => k.key.status === 'Pending' || k.key.status === 'InProgress');
    if (building.length === 0 || opts.now() - start >= opts.timeoutMs) break;
    await opts.sleep(opts.intervalMs);
  }
  return keys
    .filter((k) => k.key.status !== 'Active')
    .map(({ table, key }) =>
      key.status === 'Failed'
        ? {
            severity: 'error' as const,
            code: 'FERRY_PROVISION_KEY' as const,
            message: `alternate key ${table}.${key.name} failed to build (repeated values?)`,
            fix: 'remove the duplicate rows, then reactivate the key in the maker portal',
          }
        : {
            severity: 'warning' as const,
            code: 'FERRY_PROVISION_KEY' as const,
            message: `alternate key ${table}.${key.name} is still ${key.status} after ${Math.round(opts.timeoutMs / 1000)} s`,
            fix: 'Dataverse keeps building it: run provision again later to see it Active',
          },
    );
}
