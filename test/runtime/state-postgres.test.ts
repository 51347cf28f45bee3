import { dropFerryTables } from '../support/pg-reset.ts';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStateStore } from '../../runtime/state/index.ts';
import { isolationContract, stateContract } from './state-contract.ts';

const url = process.env.FERRY_TEST_POSTGRES_URL;

if (!url) {
  describe.skip('PostgreSQL state store (set FERRY_TEST_POSTGRES_URL to run)', () => undefined);
} else {
  describe('PostgreSQL state store', () => {
    const reset = async (): Promise<void> => {
      await dropFerryTables(url);
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
