import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { env, environmentProblems } from "./env";

const root = path.resolve(import.meta.dirname, "..", "..");

describe("the environment schema", () => {
  it("applies README's defaults when a variable is unset or empty", () => {
    expect(env("PORT", {})).toBe(3000);
    expect(env("ARENA_EMBEDDED_DB_PORT", {})).toBe(54329);
    expect(env("ARENA_EMBEDDED_DB_WAIT_MS", {})).toBe(30_000);
    expect(env("ARENA_DATA_DIR", {})).toBe(".data");
    expect(env("HOST", { HOST: "" })).toBeUndefined();
    expect(env("DATABASE_POOL_MAX", {})).toBe(10);
    expect(env("ARENA_IMPORT_MAX_MB", {})).toBe(200);
    expect(env("ARENA_VOTE_RATE_PER_USER", {})).toBe(120);
    expect(env("ARENA_VOTE_RATE_PER_IP", {})).toBe(1200);
    expect(env("ARENA_VOTE_RATE_WINDOW_SECONDS", {})).toBe(60);
    expect(env("ARENA_SIGNIN_RATE_PER_EMAIL", {})).toBe(10);
    expect(env("ARENA_SIGNIN_RATE_PER_IP", {})).toBe(100);
    expect(env("ARENA_SIGNIN_RATE_WINDOW_SECONDS", {})).toBe(60);
    expect(env("ARENA_SCHEDULER_DISSIMILARITY_WEIGHT", {})).toBe(1);
    expect(env("ARENA_SCHEDULER_TOP_K", {})).toBe(5);
    expect(env("ARENA_TRUSTED_PROXY_HOPS", {})).toBe(0);
    expect(env("NEXT_DIST_DIR", {})).toBe(".next");
    expect(env("DATABASE_URL", {})).toBeUndefined();
    expect(environmentProblems({})).toEqual([]);
  });

  it("parses set values", () => {
    expect(env("ARENA_VOTE_RATE_PER_USER", { ARENA_VOTE_RATE_PER_USER: "0" })).toBe(0);
    expect(env("ARENA_IMPORT_MAX_MB", { ARENA_IMPORT_MAX_MB: "1.5" })).toBe(1.5);
    expect(env("DATABASE_URL", { DATABASE_URL: "postgresql://u:p@db:5432/arena" })).toBe("postgresql://u:p@db:5432/arena");
  });

  it("lists every invalid variable at once instead of silently using a default", () => {
    const problems = environmentProblems({
      ARENA_VOTE_RATE_PER_USER: "lots",
      ARENA_IMPORT_MAX_MB: "0",
      DATABASE_POOL_MAX: "0",
      PORT: "70000",
      ARENA_DEMO: "yes",
      DATABASE_URL: "mysql://db/arena",
      ARENA_SCHEDULER_DISSIMILARITY_WEIGHT: "-1",
      GITHUB_ID: "an-id",
    });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(
      ["ARENA_DEMO", "ARENA_IMPORT_MAX_MB", "ARENA_SCHEDULER_DISSIMILARITY_WEIGHT", "ARENA_VOTE_RATE_PER_USER", "DATABASE_POOL_MAX", "DATABASE_URL", "GITHUB_SECRET", "PORT"].sort(),
    );
    expect(problems).toContain("ARENA_VOTE_RATE_PER_USER: must be a whole number ≥ 0");
    expect(() => env("ARENA_VOTE_RATE_PER_USER", { ARENA_VOTE_RATE_PER_USER: "lots" })).toThrow("ARENA_VOTE_RATE_PER_USER: must be a whole number ≥ 0");
  });

  it("requires the database and the session secret in a server process", () => {
    expect(environmentProblems({}, { server: true })).toEqual(["DATABASE_URL: is not set", "NEXTAUTH_SECRET: is not set (it signs sessions)"]);
    expect(environmentProblems({ DATABASE_URL: "postgres://127.0.0.1/arena", NEXTAUTH_SECRET: "s" }, { server: true })).toEqual([]);
  });

  // Before the schema, the launcher went on to its first step (here: connecting to a database that is not
  // there) and the bad limit silently became the default.
  it("stops `npm start` before it does anything, naming each bad variable", () => {
    const result = spawnSync("npx", ["tsx", "scripts/start.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "postgres://127.0.0.1:1/unreachable", ARENA_VOTE_RATE_PER_USER: "lots", GITHUB_ID: "an-id" },
      encoding: "utf8",
      timeout: 120_000, // only a guard against a launcher that does start
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("the environment is not valid");
    expect(result.stderr).toContain("  - ARENA_VOTE_RATE_PER_USER: must be a whole number ≥ 0");
    expect(result.stderr).toContain("  - GITHUB_SECRET: GitHub sign-in needs both GITHUB_ID and GITHUB_SECRET");
  });
});
