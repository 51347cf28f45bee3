// A throwaway database on the test cluster (FERRY_TEST_POSTGRES_URL): other test files drop ferry tables in the default one.
import pg from 'pg';

export const PG_URL = process.env['FERRY_TEST_POSTGRES_URL'];

export async function createDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ferry_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
