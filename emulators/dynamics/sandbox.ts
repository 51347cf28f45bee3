// Sandbox-only control surface under /_sandbox/ (real Dynamics has no such path): rows, clock, faults, counters.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson } from '../common/body.ts';
import type { Clock, ManualClock } from '../common/clock.ts';
import type { FaultInjector, FaultRule } from '../common/faults.ts';
import { sendEmpty, sendJson } from '../common/respond.ts';
import type { EmulatorContext } from './context.ts';

interface Counters {
  readonly requests: number;
  readonly byRoute: Record<string, number>;
  readonly byStatus: Record<string, number>;
}

/**
 * GET  /_sandbox/counters                       -> { requests, byRoute, byStatus, writes, faults }
 * POST /_sandbox/clock/advance {"ms":n}         -> advances the emulator clock
 * GET  /_sandbox/tables/<logical>/rows/<id>     -> the stored row
 * POST /_sandbox/tables/<logical>/rows  (row | row[])  -> direct upsert (no validation)
 * DELETE /_sandbox/tables/<logical>/rows/<id>   -> direct delete
 * PUT  /_sandbox/faults {"seed":…, "rules":[{"path":"/api/data/v9.2/contacts", …}]}
 */
export function sandboxControl(
  ctx: EmulatorContext,
  faults: FaultInjector,
  counters: Counters,
  clock: Clock,
) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    const parts = pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
    const m = req.method ?? 'GET';
    const body = m === 'GET' || m === 'DELETE' ? undefined : await readJson(req, 256 * 1024 * 1024);
    if (m === 'GET' && parts[0] === 'counters') {
      return sendJson(res, 200, { ...counters, writes: ctx.store.writes, faults: faults.counts });
    }
    if (m === 'POST' && parts[0] === 'clock' && parts[1] === 'advance') {
      const c = clock as Partial<ManualClock>;
      const ms = Number((body as { ms?: unknown } | undefined)?.ms);
      if (typeof c.advance !== 'function' || !Number.isFinite(ms))
        return sendJson(res, 400, { error: 'clock cannot be advanced' });
      c.advance(ms);
      return sendJson(res, 200, { now: new Date(clock.now()).toISOString() });
    }
    if (m === 'PUT' && parts[0] === 'faults') {
      const b = (body ?? {}) as { seed?: number | string; rules?: FaultRule[] };
      faults.setRules(b.rules ?? [], b.seed ?? 1);
      return sendEmpty(res, 204);
    }
    if (parts[0] === 'tables' && parts[2] === 'rows') {
      const logical = parts[1] ?? '';
      if (!ctx.store.table(logical)) return sendJson(res, 404, { error: `no table ${logical}` });
      const id = parts[3];
      if (m === 'GET' && id !== undefined) {
        const row = ctx.store.get(logical, id);
        return row ? sendJson(res, 200, row) : sendJson(res, 404, { error: 'not found' });
      }
      if (m === 'POST') {
        const rows = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
        const out = rows.map((r) => ctx.store.upsert(logical, r));
        return sendJson(res, 200, {
          count: out.length,
          ids: out.map((r) => r[ctx.store.table(logical)?.pk ?? '']),
        });
      }
      if (m === 'DELETE' && id !== undefined)
        return ctx.store.delete(logical, id)
          ? sendEmpty(res, 204)
          : sendJson(res, 404, { error: 'not found' });
    }
    sendJson(res, 404, { error: `no sandbox route ${m} ${pathname}` });
  };
}
