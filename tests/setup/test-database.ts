// Tests run against a real Postgres: a fresh database per run (per test file under Vitest), migrated, and
// dropped afterwards. TEST_DATABASE_ADMIN_URL points at a server we may create databases on (never used for data).
//
// `prisma migrate deploy` costs seconds per call on a loaded machine (about 10 s here), so it runs once per
// set of migrations: into a template database named after a hash of prisma/migrations, which every test
// database is then copied from (`CREATE DATABASE … TEMPLATE`, a fraction of a second). The template is made
// under a lock and renamed into place only once migrated, so a half-made one is never copied; a changed
// migration gives a new hash and so a new template.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const migrationsDir = path.resolve(import.meta.dirname, "..", "..", "prisma", "migrations");

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database host: ${host}`);
  }
}

// A hash of every migration (folder name and SQL), in order: the template's name.
export function migrationsHash(dir = migrationsDir): string {
  const hash = createHash("sha256");
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    hash.update(entry.name).update("\0").update(readFileSync(path.join(dir, entry.name, "migration.sql"))).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function migrate(url: string) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: "pipe",
  });
}

// The migrated template for the current migrations: made when missing, else reused. Safe to call from
// several processes at once (an advisory lock makes one of them build it while the others wait).
export async function ensureTemplateDatabase(): Promise<string> {
  assertLocal(adminUrl);
  const name = `arena_template_${migrationsHash()}`;
  const exists = async (c: pg.Client) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  if (await withAdmin(exists)) return name;
  await withAdmin(async (c) => {
    // Held for the whole build, on this session: released when it ends, even if this process dies.
    await c.query("SELECT pg_advisory_lock(hashtext('arena test template'))");
    if (await exists(c)) return;
    const building = `${name}_building_${randomBytes(3).toString("hex")}`;
    await c.query(`CREATE DATABASE ${building}`);
    try {
      migrate(withDatabase(adminUrl, building));
      await c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      await c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
    } catch (error) {
      await c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      throw error;
    }
  });
  return name;
}

export async function createTestDatabase(prefix = "arena_test"): Promise<{ url: string; drop: () => Promise<void> }> {
  assertLocal(adminUrl);
  const template = await ensureTemplateDatabase();
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

// Drops every database whose name starts with `prefix` (a run's leftovers).
export async function dropDatabasesStartingWith(prefix: string) {
  if (!/^[a-z0-9_]+$/.test(prefix)) throw new Error(`Unexpected database prefix: ${prefix}`);
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
}
