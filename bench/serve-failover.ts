// Failover of `ferry serve`: two serve processes on one PostgreSQL state store; the one holding the contacts
// lease is SIGKILLed mid initial load; measured: time until the other holds the lease, and until its pass ends.
// PostgreSQL from FERRY_BENCH_POSTGRES_URL or FERRY_TEST_POSTGRES_URL (a database is created and dropped).
import pg from 'pg';
import { startSandbox } from '../emulators/sandbox/index.ts';
import { removeProject, serveProject, startServe, stop } from './support/serve-process.ts';
import { sig, sleep } from './support/stats.ts';
import type { BenchResult, BenchRun } from './types.ts';

const PG = process.env['FERRY_BENCH_POSTGRES_URL'] ?? process.env['FERRY_TEST_POSTGRES_URL'];

async function database(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ferry_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Polls (every 20 ms) until `probe` gives a value. */
async function until<T>(probe: () => Promise<T | undefined>, limitMs: number, what: string): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`benchmark: timed out waiting for ${what}`);
    await sleep(20);
  }
}

interface Round {
  readonly ttlMs: number;
  readonly takeoverMs: number;
  readonly passEndMs: number;
}

async function round(base: string, contacts: number, ttlMs: number): Promise<Round> {
  const sb = await startSandbox({ contacts, seed: 51 });
  const db = await database(base);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const root = await serveProject(sb.info, db.url, ['contacts']);
  const env = { FERRY_LEASE_TTL: `${ttlMs}ms` };
  const workers = ['bench-a', 'bench-b'].map((id) => startServe(root, sb.info, id, env, '1h'));
  const lease = async () =>
    (
      await client
        .query<{ worker: string | null; fence: string }>(
          "SELECT worker, fence FROM ferry_leases WHERE flow = 'contacts'",
        )
        .catch(() => null)
    )?.rows[0];
  try {
    const profiles0 = sb.campaign.store.table('profile').size;
    const held = await until(
      async () => {
        if (sb.campaign.store.table('profile').size < profiles0 + contacts / 10) return undefined;
        const l = await lease();
        return l?.worker ? l : undefined;
      },
      300_000,
      'the holder to be mid-load',
    );
    const holder = workers.find((w) => w.id === held.worker);
    holder?.proc.kill('SIGKILL');
    const t0 = performance.now();
    const killedIso = new Date().toISOString();
    await until(
      async () => {
        const l = await lease();
        return l && l.worker !== null && Number(l.fence) > Number(held.fence) ? true : undefined;
      },
      ttlMs + 60_000,
      'a takeover',
    );
    const takeoverMs = performance.now() - t0;
    await until(
      async () => {
        const r = await client.query(
          "SELECT 1 FROM ferry_runs WHERE flow = 'contacts' AND started_at > $1 AND ended_at IS NOT NULL",
          [killedIso],
        );
        return r.rowCount ? true : undefined;
      },
      300_000,
      'the taken-over pass to end',
    );
    return { ttlMs, takeoverMs, passEndMs: performance.now() - t0 };
  } finally {
    await Promise.all(workers.map(stop));
    await client.end();
    await db.drop();
    await sb.close();
    await removeProject(root);
  }
}

export const run: BenchRun = async ({ smoke }): Promise<BenchResult> => {
  if (PG === undefined)
    return {
      name: 'serve-failover',
      figures: { skipped: 'no PostgreSQL: set FERRY_BENCH_POSTGRES_URL or FERRY_TEST_POSTGRES_URL' },
      table: [['skipped'], ['no PostgreSQL: set FERRY_BENCH_POSTGRES_URL or FERRY_TEST_POSTGRES_URL']],
    };
  const contacts = smoke ? 1000 : 3000;
  const ttls = smoke ? [3000] : [5000, 30_000];
  const rounds: Round[] = [];
  for (const ttl of ttls) rounds.push(await round(PG, contacts, ttl));
  const figures: Record<string, number> = { contacts };
  for (const r of rounds) {
    figures[`ttl${r.ttlMs / 1000}s.takeoverMs`] = Math.round(r.takeoverMs);
    figures[`ttl${r.ttlMs / 1000}s.takenOverPassEndsMs`] = Math.round(r.passEndMs);
  }
  return {
    name: 'serve-failover',
    figures,
    table: [
      ['lease TTL (s)', 'SIGKILL → lease taken over (s)', 'SIGKILL → taken-over pass ends (s)'],
      ...rounds.map((r) => [r.ttlMs / 1000, sig(r.takeoverMs / 1000), sig(r.passEndMs / 1000)]),
    ],
    targets: rounds.map((r) => ({
      name: `takeover within the lease TTL (${r.ttlMs / 1000} s) + 2 s`,
      met: r.takeoverMs <= r.ttlMs + 2000,
      detail: `${Math.round(r.takeoverMs)} ms`,
    })),
  };
};
