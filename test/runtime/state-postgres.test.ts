import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStateStore } from '../../runtime/state/index.ts';
import { isolationContract, stateContract } from './state-contract.ts';

const url = process.env.FERRY_TEST_POSTGRES_URL;

if (!url) {
  describe.skip('PostgreSQL state store (set FERRY_TEST_POSTGRES_URL to run)', () => undefined);
} else {
  describe('PostgreSQL state store', () => {
    const reset = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(
        'DROP TABLE IF EXISTS ferry_migrations, ferry_checkpoints, ferry_ledger, ferry_dead_letters, ferry_runs, ferry_flow_status, ferry_optout_audit, ferry_pending_optouts, ferry_leases, ferry_optout_seen',
      );
      await c.end();
    };
    beforeAll(reset);
    afterAll(reset);
    // A fresh database per test unless the test opens a second worker on the same one.
    stateContract(async (opts) => {
      if (!opts?.sameAsPrevious) await reset();
      return openStateStore(url, '.', opts?.now ? { now: opts.now } : {});
    });
    isolationContract(async () => {
      await reset();
      return openStateStore(url, '.');
    });
  });
}
