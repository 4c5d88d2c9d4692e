// `npm start`: runs Arena in production mode. Without DATABASE_URL it serves an embedded
// Postgres (PGlite) from .data/pglite, so a fresh clone needs no database server.
// Steps: database → migrations (and the style-features backfill) → demo seed → build (when sources changed) → the server
// (scripts/app-server.ts: Next's handler, the vote route served directly).
// `npm run dev` (--dev): the same database steps, then `next dev` instead of the build and the server.
import { spawn, type SpawnOptions } from "node:child_process";
import { nextDevArgs, serverStartArgs, serverProcesses } from "./next-server";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { exitUnlessSupportedNode } from "../lib/node-version";
import { env as setting, exitUnlessValidEnvironment } from "../lib/server/env";
import { startDemoGenerator } from "./demo-generator";
import { startEmbeddedDatabase } from "./embedded-db";
import { migrationsPending } from "./migrations";

const dev = process.argv.includes("--dev");
const launcher = dev ? "npm run dev (scripts/start.ts --dev)" : "npm start (scripts/start.ts)";
exitUnlessSupportedNode(launcher);
exitUnlessValidEnvironment(launcher);

const root = process.cwd();
// ARENA_DATA_DIR moves the embedded database and the generated secret elsewhere (tests use a temporary folder).
const dataDir = path.resolve(root, setting("ARENA_DATA_DIR"));
const port = setting("PORT");

function run(command: string, args: string[], env: NodeJS.ProcessEnv, options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env, ...options });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
    child.on("error", reject);
  });
}

// The secret that signs sessions: from the environment, or generated once and kept in .data.
function authSecret(): string {
  const configured = setting("NEXTAUTH_SECRET");
  if (configured) return configured;
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "nextauth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

// The key for endpoint secrets on the embedded database (one machine): from the environment, or generated
// once into .data. With DATABASE_URL (possibly several instances) it must be set by hand: every instance
// needs the same key.
function endpointSecretKey(): string {
  const configured = setting("ARENA_SECRET_KEY");
  if (configured) return configured;
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "secret-key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

// Rebuild only when a source file is newer than the last build.
function buildIsCurrent(): boolean {
  const buildId = path.join(root, setting("NEXT_DIST_DIR"), "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public"].filter((d) => existsSync(d)).map((d) => newestSourceMtime(path.join(root, d)));
  // The app's files at the top level are built in too: a changed proxy.ts (its security checks) or instrumentation.ts
  // was served from the old build before.
  const configs = ["next.config.mjs", "package.json", "postcss.config.mjs", "tsconfig.json", "proxy.ts", "instrumentation.ts"]
    .filter((f) => existsSync(path.join(root, f)))
    .map((f) => statSync(path.join(root, f)).mtimeMs);
  return Math.max(...sources, ...configs) < built;
}

async function waitUntilServing(url: string) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    // next dev keeps an inherited NODE_ENV (e.g. "test" from a test runner); the dev CSP and React need this one.
    ...(dev ? { NODE_ENV: "development" as const } : {}),
  };
  let stopDatabase: (() => Promise<void>) | null = null;
  if (!env.DATABASE_URL) {
    const embedded = await startEmbeddedDatabase(path.join(dataDir, "pglite"), setting("ARENA_EMBEDDED_DB_PORT"));
    stopDatabase = embedded.stop;
    env.DATABASE_URL = embedded.url;
    env.DATABASE_POOL_MAX = "1";
    env.ARENA_EMBEDDED_DB = "1";
    env.ARENA_DEMO ??= "1";
    // A local demo with a published password: reachable from this machine only unless HOST says otherwise.
    env.HOST ??= "127.0.0.1";
    // Encrypts model endpoint secrets at rest; generated once and kept beside the embedded database's data.
    env.ARENA_SECRET_KEY = endpointSecretKey();
    console.log(`Embedded Postgres (PGlite) serving ${path.relative(root, embedded.dataDir)} on ${embedded.url}`);
  } else {
    delete env.ARENA_EMBEDDED_DB;
  }
  env.NEXTAUTH_SECRET = authSecret();
  env.NEXTAUTH_URL ??= `http://localhost:${port}`;

  if (await migrationsPending(env.DATABASE_URL!, path.join(root, "prisma", "migrations"))) {
    await run("npx", ["prisma", "migrate", "deploy"], env);
    // Columns a migration added that SQL cannot fill (style features of stored responses); only NULL rows.
    await run("npx", ["tsx", "--import", "./scripts/allow-server-only.mjs", "scripts/backfill-style-features.ts"], env);
  }
  // The demo's local "models" for live battles (scripts/demo-generator.ts): loopback only, no network.
  let stopDemoGenerator: (() => Promise<void>) | null = null;
  if (env.ARENA_DEMO === "1") {
    const generator = await startDemoGenerator();
    stopDemoGenerator = generator.stop;
    env.ARENA_DEMO_GENERATOR_URL = generator.baseUrl;
    console.log(`Demo generators (local, for live battles) at ${generator.baseUrl}`);
  }
  if (env.ARENA_DEMO === "1") await run("npx", ["tsx", "--import", "./scripts/allow-server-only.mjs", "scripts/seed.ts"], env);
  if (!dev && (!buildIsCurrent() || setting("ARENA_REBUILD") === "1")) await run("npx", ["next", "build"], env);

  // Next runs in its own process group so stopping the launcher stops every process it started.
  // Several processes (WEB_CONCURRENCY) on a Postgres server; one on the embedded database, and for `next dev`.
  const processes = dev ? 1 : serverProcesses(setting("WEB_CONCURRENCY"), env.ARENA_EMBEDDED_DB === "1");
  if (env.ARENA_EMBEDDED_DB === "1" && (setting("WEB_CONCURRENCY") ?? 1) > 1) {
    console.log("WEB_CONCURRENCY is ignored on the embedded database: PGlite serves one connection at a time, so one server process.");
  }
  const serverArgs = dev ? nextDevArgs(root, port, env.HOST ?? "0.0.0.0") : serverStartArgs(root, port, env.HOST ?? "0.0.0.0", processes);
  const server = spawn(process.execPath, serverArgs, { cwd: root, stdio: "inherit", env, detached: true });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const exited = new Promise((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve(null) : server.once("exit", resolve)));
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    // The app first, then its database: stopping the database under a running app makes it log lost connections.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    // A server that outlived SIGTERM (seen after an e2e run: it kept the port and polled a dropped database) is ended.
    if (server.exitCode === null && server.signalCode === null) {
      try {
        process.kill(-server.pid!, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    if (stopDemoGenerator) await stopDemoGenerator();
    if (stopDatabase) await stopDatabase();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGHUP", () => void shutdown(0));
  server.on("exit", (code) => void shutdown(code ?? 1));

  await waitUntilServing(`http://127.0.0.1:${port}/signin`);
  const served = dev ? " (development server: reloads on change)" : processes > 1 ? ` (${processes} server processes)` : "";
  console.log(`\n  Arena is running at http://localhost:${port}${served}\n`);
  if (env.ARENA_DEMO === "1" && env.ARENA_EMBEDDED_DB === "1") {
    const { demoAccounts, demoPassword } = await import("../lib/server/demo/demo-accounts");
    console.log("  Demo accounts (password: " + demoPassword + "):");
    for (const a of demoAccounts) console.log(`    ${a.role.padEnd(11)} ${a.email}`);
    console.log("");
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
