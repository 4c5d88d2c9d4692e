import { readdirSync } from "node:fs";
import pg from "pg";

// Whether any migration folder is not yet applied to the database. `prisma migrate deploy` answers the
// same question but stays alive ~10 s after it is done (a timer in its WebAssembly engine), so
// `npm start` asks first and runs it only when there is something to apply.
export async function migrationsPending(databaseUrl: string, migrationsDir: string): Promise<boolean> {
  const folders = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: table } = await client.query<{ exists: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`);
    if (!table[0]?.exists) return true;
    const { rows } = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return folders.some((f) => !applied.has(f));
  } finally {
    await client.end();
  }
}
