import path from "node:path";
import { defineConfig } from "vitest/config";
import { exitUnlessSupportedNode } from "./lib/node-version.ts";

exitUnlessSupportedNode("Vitest (npm run test:unit)");

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "tests/**/*.test.ts"],
    globalSetup: ["tests/setup/create-test-database.ts"],
    setupFiles: ["tests/setup/use-test-database.ts"],
    // Generous: CI runs on a loaded machine, and a CLI test spawns several processes.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Integration tests share one database; files run one at a time to keep them independent.
    fileParallelism: false,
  },
});
