// No import "server-only" here, unlike the rest of lib/server: the launcher (scripts/start.ts) reads
// this schema under plain Node before it checks the Node version. It holds no secret, only their names
// and rules; every module that uses a value (lib/db.ts, auth) is server-only.
import { z } from "zod";

// Every environment variable that the app and its launcher (`npm start`, `npm run dev`) read, in one schema.
// The launcher and each server process (instrumentation.ts) check the whole environment before anything else
// and stop with one message that lists every problem; the accessors below read one variable when it is used
// (live: tests change some between cases). README's "Configuration" documents each variable.

// An empty value counts as unset (`FOO= npm start`), as before.
const unsetIfEmpty = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: string | number) => z.preprocess((v) => unsetIfEmpty(v) ?? String(fallback), schema);

const wholeNumber = (min: number) =>
  z.string().regex(/^\d+$/, `must be a whole number ≥ ${min}`).transform(Number).pipe(z.number().int().min(min, `must be ≥ ${min}`));
const positiveNumber = z
  .string()
  .refine((v) => Number.isFinite(Number(v)) && Number(v) > 0, "must be a number > 0")
  .transform(Number);
const nonNegativeNumber = z
  .string()
  .refine((v) => Number.isFinite(Number(v)) && Number(v) >= 0, "must be a number ≥ 0")
  .transform(Number);
const port = wholeNumber(1).pipe(z.number().max(65535, "must be a port number (1–65535)"));
const flag = z.enum(["0", "1"], { error: 'must be "0" or "1"' });
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// URL");
const httpUrl = z.string().regex(/^https?:\/\/\S+$/, "must be an http:// or https:// URL");

export const envFields = {
  // Database
  DATABASE_URL: optional(postgresUrl),
  DATABASE_POOL_MAX: withDefault(wholeNumber(1), 10),
  // Sessions and sign-in
  NEXTAUTH_SECRET: optional(z.string()),
  NEXTAUTH_URL: optional(httpUrl),
  GITHUB_ID: optional(z.string()),
  GITHUB_SECRET: optional(z.string()),
  // Demo data
  ARENA_DEMO: optional(flag),
  ARENA_DEMO_FILE: optional(z.string()),
  ARENA_DEMO_VOTES: optional(flag),
  // Imports
  ARENA_IMPORT_MAX_MB: withDefault(positiveNumber, 200),
  ARENA_IMPORT_MAX_MODELS: withDefault(wholeNumber(2), 200),
  // Rate limits (0 switches one off)
  ARENA_VOTE_RATE_PER_USER: withDefault(wholeNumber(0), 120),
  ARENA_VOTE_RATE_PER_IP: withDefault(wholeNumber(0), 1200),
  ARENA_VOTE_RATE_WINDOW_SECONDS: withDefault(wholeNumber(0), 60),
  ARENA_SIGNIN_RATE_PER_EMAIL: withDefault(wholeNumber(0), 10),
  ARENA_SIGNIN_RATE_PER_IP: withDefault(wholeNumber(0), 100),
  ARENA_SIGNIN_RATE_WINDOW_SECONDS: withDefault(wholeNumber(0), 60),
  ARENA_SKIP_RATE_PER_USER: withDefault(wholeNumber(0), 30),
  ARENA_SKIP_RATE_WINDOW_SECONDS: withDefault(wholeNumber(0), 3600),
  // Live battles: prompts (first turns and follow-ups) per user per window: every one costs two model calls.
  ARENA_LIVE_PROMPTS_PER_USER: withDefault(wholeNumber(0), 30),
  ARENA_LIVE_PROMPTS_WINDOW_SECONDS: withDefault(wholeNumber(0), 3600),
  // Read by lib/server/security/client-ip.ts: reverse proxies trusted to append X-Forwarded-For.
  ARENA_TRUSTED_PROXY_HOPS: withDefault(wholeNumber(0), 0),
  // Scheduler (read by lib/scheduler/weights.ts, which stays free of server code)
  ARENA_SCHEDULER_DISSIMILARITY_WEIGHT: withDefault(nonNegativeNumber, 1),
  ARENA_SCHEDULER_TOP_K: withDefault(wholeNumber(0), 5),
  // Model endpoints: the key that encrypts endpoint secrets at rest (AES-256-GCM), 32 bytes as 64 hex digits
  // or base64. Unset: secrets cannot be stored (credentials from environment variables still work).
  ARENA_SECRET_KEY: optional(
    z
      .string()
      .trim()
      .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || (/^[A-Za-z0-9+/]{43}=?$/.test(v) && Buffer.from(v, "base64").length === 32), "must be 32 bytes: 64 hex digits or base64 (openssl rand -hex 32)"),
  ),
  // Batch generation: "0" keeps this server process from running generation jobs (another instance runs them).
  ARENA_GENERATION_WORKER: optional(flag),
  // Set by the launcher for the demo: the base URL of its local demo generators (scripts/demo-generator.ts).
  ARENA_DEMO_GENERATOR_URL: optional(httpUrl),
  // Launcher (`npm start`, `npm run dev`). HOST's default depends on the database (README), so it has none here.
  PORT: withDefault(port, 3000),
  // Server processes behind the one port (default: one per core, at most 8; always 1 on the embedded database).
  WEB_CONCURRENCY: optional(wholeNumber(1)),
  // "0": the vote loop's routes go through Next's router like every other (scripts/app-server.ts serves them directly).
  ARENA_DIRECT_ROUTES: optional(flag),
  HOST: optional(z.string()),
  ARENA_DATA_DIR: withDefault(z.string(), ".data"),
  ARENA_EMBEDDED_DB_PORT: withDefault(port, 54329),
  // Read by scripts/embedded-db.ts: how long a second client waits for the embedded database's one connection.
  ARENA_EMBEDDED_DB_WAIT_MS: withDefault(wholeNumber(1), 30_000),
  // Set by the launcher itself, never by hand: the server is the embedded local demo.
  ARENA_EMBEDDED_DB: optional(flag),
  ARENA_REBUILD: optional(flag),
  NEXT_DIST_DIR: withDefault(z.string(), ".next"),
};

export type Env = { [K in keyof typeof envFields]: z.output<(typeof envFields)[K]> };

// Each problem as "NAME: what is wrong". `server`: a server process, which needs its database and session secret
// (`npm start` provides both when they are not set).
export function environmentProblems(source: Record<string, string | undefined> = process.env, { server = false } = {}): string[] {
  const result = z.object(envFields).safeParse(source);
  const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  const isSet = (name: keyof Env) => unsetIfEmpty(source[name]) !== undefined;
  if (isSet("GITHUB_ID") !== isSet("GITHUB_SECRET")) {
    problems.push(`${isSet("GITHUB_ID") ? "GITHUB_SECRET" : "GITHUB_ID"}: GitHub sign-in needs both GITHUB_ID and GITHUB_SECRET`);
  }
  if (server && !isSet("DATABASE_URL")) problems.push("DATABASE_URL: is not set");
  if (server && !isSet("NEXTAUTH_SECRET")) problems.push("NEXTAUTH_SECRET: is not set (it signs sessions)");
  return problems;
}

// For the launcher and the server: stop before doing anything when the environment is not valid.
export function exitUnlessValidEnvironment(what: string, options: { server?: boolean } = {}): void {
  const problems = environmentProblems(process.env, options);
  if (problems.length === 0) return;
  console.error(`${what}: the environment is not valid (see README, "Configuration"):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}

// One variable, parsed (default applied). Throws a clear error for an invalid value.
export function env<K extends keyof Env>(name: K, source: Record<string, string | undefined> = process.env): Env[K] {
  const result = envFields[name].safeParse(source[name]);
  if (!result.success) throw new Error(`${name}: ${result.error.issues[0]?.message ?? "is not valid"}`);
  return result.data as Env[K];
}

export function databaseUrl(): string {
  const url = env("DATABASE_URL");
  if (!url)
    throw new Error(
      "DATABASE_URL is not set. `npm start` sets it for the app; for a script beside a running `npm start` on the embedded database, use DATABASE_URL=postgres://postgres:postgres@127.0.0.1:54329/postgres.",
    );
  return url;
}

// The embedded database (PGlite) serves one connection at a time; a real Postgres takes a pool.
export function poolMax(): number {
  return env("DATABASE_POOL_MAX");
}

// Set by `npm start` when it serves the embedded database (no DATABASE_URL): a local demo, never a deployment.
export function embeddedDemo(): boolean {
  return env("ARENA_EMBEDDED_DB") === "1" && env("ARENA_DEMO") === "1";
}
