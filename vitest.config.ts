import path from "node:path";
import { defineConfig } from "vitest/config";
import { exitUnlessSupportedNode } from "./lib/node-version.ts";

exitUnlessSupportedNode("Vitest (npm run test:vitest)");

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // lib/server modules start with import "server-only", which throws outside React's server
      // condition (a client bundle's build fails on it). Tests run server code directly: the empty module.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    // Generous: CI runs on a loaded machine, and a CLI test spawns several processes.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Vitest's default is one worker fewer than the cores: 1 on the 2-core CI machine. Each integration file
    // has its own database, and many tests wait on spawned processes or Postgres, so two files run at once.
    maxWorkers: 2,
    projects: [
      // Pure code (lib/, components/): no database. These files mock nothing and change no global or environment
      // variable (keep it so), so they share their worker's module graph instead of each re-importing it: the
      // project's CPU went from 75.2 to 51.9 s (README, Two commands).
      { extends: true, test: { name: "unit", include: ["lib/**/*.test.ts", "components/**/*.test.ts"], isolate: false } },
      // Against Postgres: each file gets a database of its own, copied from a template migrated once per run.
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          // Each file still gets a fresh module graph, in a worker thread instead of a new process (no process
          // start and Node bootstrap per file; every file's environment is its thread's own copy): CPU 205.9 ->
          // 153.6 s, wall 153 -> 123 s (README, Two commands). Nothing here calls process.chdir or handles signals.
          pool: "threads",
          globalSetup: ["tests/setup/create-test-database.ts"],
          setupFiles: ["tests/setup/use-test-database.ts"],
        },
      },
    ],
  },
});
