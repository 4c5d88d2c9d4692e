import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsPending } from "@/scripts/migrations";
import { adminUrl } from "../setup/test-database";

const migrationsDir = path.resolve(import.meta.dirname, "..", "..", "prisma", "migrations");
const scratch = mkdtempSync(path.join(os.tmpdir(), "arena-migrations-"));
const emptyDatabase = `arena_empty_${randomBytes(4).toString("hex")}`;

async function onAdmin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await onAdmin(`DROP DATABASE IF EXISTS ${emptyDatabase} WITH (FORCE)`);
});

// npm start skips `prisma migrate deploy` when this says nothing is pending, so it must never say so
// while a migration folder is unapplied.
describe("migrationsPending", () => {
  it("is false on a database that has every migration", async () => {
    expect(await migrationsPending(process.env.DATABASE_URL!, migrationsDir)).toBe(false);
  });

  it("is true when a migration folder is not applied yet", async () => {
    const withNew = path.join(scratch, "with-new");
    cpSync(migrationsDir, withNew, { recursive: true });
    mkdirSync(path.join(withNew, "20991231000000_not_applied_yet"));
    expect(await migrationsPending(process.env.DATABASE_URL!, withNew)).toBe(true);
  });

  it("is true on a database that was never migrated", async () => {
    await onAdmin(`CREATE DATABASE ${emptyDatabase}`);
    const url = new URL(adminUrl);
    url.pathname = `/${emptyDatabase}`;
    expect(await migrationsPending(url.toString(), migrationsDir)).toBe(true);
  });
});
