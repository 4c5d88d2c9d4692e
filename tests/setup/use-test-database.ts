import { afterAll, inject } from "vitest";
import { createTestDatabase } from "./test-database";

// Each test file has a database of its own, copied from the migrated template (a fraction of a second), so
// files can run in parallel. Set before any test imports lib/db, which reads DATABASE_URL when the client is created.
const database = await createTestDatabase(inject("databasePrefix"));
process.env.DATABASE_URL = database.url;
// The session secret, which also keys the anonymous judge ids of exports (npm start always sets one).
process.env.NEXTAUTH_SECRET ??= "integration-test-secret";

afterAll(async () => {
  // The app's pool first, so dropping the database ends no connection the file still holds.
  if ((globalThis as { arenaPool?: unknown }).arenaPool) await (await import("@/lib/db")).closeDb();
  await database.drop();
});
