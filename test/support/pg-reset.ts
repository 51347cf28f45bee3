// Empties a test PostgreSQL database of every ferry table, whichever migrations created them.
import pg from 'pg';

export async function dropFerryTables(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'ferry\\_%'",
    );
    if (rows.length > 0)
      await c.query(`DROP TABLE IF EXISTS ${rows.map((r) => `"${r.tablename}"`).join(', ')} CASCADE`);
  } finally {
    await c.end();
  }
}
