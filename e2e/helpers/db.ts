// E2E helpers talk to the test database directly (plain pg), to create users for each test.
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

export const testPassword = "e2e-password";
const passwordHash = bcrypt.hashSync(testPassword, 4);

export type TestUser = { id: string; email: string; password: string };

export async function createTestUser(role: "annotator" | "researcher" | "admin" = "annotator", languages = ["ar", "en"]): Promise<TestUser> {
  const email = `${role}-${randomBytes(4).toString("hex")}@e2e.local`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO users (id, email, password_hash, role, languages) VALUES (gen_random_uuid(), $1, $2, $3::"Role", $4::"Language"[]) RETURNING id`,
    [email, passwordHash, role, languages],
  );
  return { id: rows[0]!.id, email, password: testPassword };
}

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query<T>(sql, params)).rows;
}
