import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { dropDatabasesStartingWith, ensureTemplateDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    // The prefix of this run's databases: each test file gets its own (tests/setup/use-test-database.ts).
    databasePrefix: string;
  }
}

// Once per run: the migrated template every test file's database is copied from, and afterwards the
// removal of every database this run made (also those of a file that crashed before its own cleanup).
export default async function setup(project: TestProject) {
  await ensureTemplateDatabase();
  const prefix = `arena_test_${randomBytes(3).toString("hex")}`;
  project.provide("databasePrefix", prefix);
  return () => dropDatabasesStartingWith(`${prefix}_`);
}
