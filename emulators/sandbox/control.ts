// Sandbox control server (not part of any real API): counters, deliveries, connection info.
import { readJson } from '../common/body.ts';
import { sendJson } from '../common/respond.ts';
import type { StartedServer } from '../common/server.ts';
import { startHttpServer } from '../common/server.ts';
import type { CampaignEmulator } from '../campaign/server.ts';
import type { DeliveryProfile, DeliverySpec } from '../journal/delivery.ts';
import type { JournalEmulator } from '../journal/server.ts';

export interface ControlDeps {
  readonly campaign: CampaignEmulator;
  readonly journal: JournalEmulator;
  info(): unknown;
  /** Profiles a delivery goes to when the request names none. */
  defaultProfiles(limit: number): DeliveryProfile[];
}

export function startControl(deps: ControlDeps, port: number | undefined): Promise<StartedServer> {
  return startHttpServer(
    async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'GET' && path === '/') return sendJson(res, 200, deps.info());
      if (path === '/counters') {
        if (req.method === 'DELETE') deps.campaign.resetCounters();
        return sendJson(res, 200, {
          campaign: deps.campaign.counters,
          journal: { size: deps.journal.journal.size, latest: deps.journal.journal.latest },
        });
      }
      if (req.method === 'POST' && path === '/deliveries') {
        const body = ((await readJson(req)) ?? {}) as Partial<DeliverySpec> & { count?: number };
        const profiles = body.profiles ?? deps.defaultProfiles(body.count ?? 100);
        return sendJson(res, 201, deps.journal.deliver({ ...body, seed: body.seed ?? 1, profiles }));
      }
      sendJson(res, 404, {
        error: 'not_found',
        routes: ['GET /', 'GET|DELETE /counters', 'POST /deliveries'],
      });
    },
    port === undefined ? {} : { port },
  );
}
