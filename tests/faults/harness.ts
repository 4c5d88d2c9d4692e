// Shared by the fault tests (tests/faults) and the load benchmark (scripts/bench-load.ts): a
// production build of the app served as `npm start` serves it (scripts/app-server.ts), signed-in HTTP clients, annotator accounts,
// and a private Postgres server that a test may stop and start at will.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import pg from "pg";
import { reportedServerNode } from "../../lib/node-version";
import { serverStartArgs } from "../../scripts/next-server";
import { testPort } from "../helpers/ports";
import { createTestDatabase } from "../setup/test-database";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");

// ---------------------------------------------------------------------------------------------
// The app

export function buildApp(distDir: string, { force = false } = {}) {
  if (!force && existsSync(path.join(repoRoot, distDir, "BUILD_ID"))) return;
  // `next build` adds "<distDir>/types/**" to tsconfig.json's include; put the shared file back.
  const tsconfig = path.join(repoRoot, "tsconfig.json");
  const original = readFileSync(tsconfig, "utf8");
  try {
    execFileSync("npx", ["next", "build"], {
      cwd: repoRoot,
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: process.env.HARNESS_VERBOSE ? "inherit" : "pipe",
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? "") + String((error as { stderr?: Buffer }).stderr ?? "");
    throw new Error(`next build failed:\n${output.slice(-4000)}`);
  } finally {
    if (readFileSync(tsconfig, "utf8") !== original) writeFileSync(tsconfig, original);
  }
}

// nodeVersion: the Node.js the server process reported at start (instrumentation.ts).
export type RunningApp = { baseUrl: string; process: ChildProcess; nodeVersion: string; stop: () => Promise<void> };

// `workers` > 1: that many server processes behind the one port (node:cluster, as `npm start` with WEB_CONCURRENCY).
export async function startApp(opts: { distDir: string; port: number; databaseUrl: string; env?: Record<string, string>; workers?: number }): Promise<RunningApp> {
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  // Started as `npm start` starts it.
  const child = spawn(process.execPath, serverStartArgs(repoRoot, opts.port, "127.0.0.1", opts.workers ?? 1), {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: opts.distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: opts.databaseUrl,
      NEXTAUTH_SECRET: "harness-secret-not-for-production",
      NEXTAUTH_URL: baseUrl,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", process.env.HARNESS_VERBOSE ? "inherit" : "pipe"],
    detached: true,
  });
  if (process.env.HARNESS_VERBOSE) child.stdout!.pipe(process.stdout);
  const reportedNode = reportedServerNode(child.stdout!);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  try {
    await waitForHttp(`${baseUrl}/api/auth/csrf`, 60_000);
  } catch (error) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // gone
    }
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  // Printed before the server answers; the bound only matters if it never comes.
  const nodeVersion = await Promise.race([reportedNode, new Promise<string>((r) => setTimeout(r, 10_000, "not reported").unref())]);
  return {
    baseUrl,
    process: child,
    nodeVersion,
    async stop() {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone
      }
    },
  };
}

export async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Nothing answered at ${url} within ${timeoutMs / 1000} s`);
}

// ---------------------------------------------------------------------------------------------
// Signed-in clients (next-auth credentials flow: csrf cookie + token, then the callback)

function cookiesFrom(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]!);
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = cookiesFrom(csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: `${baseUrl}/battle` }),
  });
  const session = cookiesFrom(response).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`Sign-in failed for ${email}: HTTP ${response.status} ${await response.text()}`);
  return session;
}

export async function postJson(baseUrl: string, route: string, cookie: string, body: unknown, signal?: AbortSignal) {
  const response = await fetch(`${baseUrl}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text.slice(0, 200) };
  }
  return { status: response.status, retryAfter: response.headers.get("retry-after"), json: json as Record<string, any> };
}

// ---------------------------------------------------------------------------------------------
// Accounts, straight into the database (bcrypt cost 4: the sign-in is not what is measured)

export async function createAnnotators(databaseUrl: string, count: number, password: string, tag = randomBytes(3).toString("hex")) {
  const hash = bcrypt.hashSync(password, 4);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const emails = Array.from({ length: count }, (_, i) => `load-${tag}-${i}@bench.local`);
    await client.query(
      `INSERT INTO users (id, email, password_hash, role, languages)
       SELECT gen_random_uuid(), e, $2, 'annotator', ARRAY['ar','en']::"Language"[] FROM unnest($1::text[]) AS e`,
      [emails, hash],
    );
    return emails;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// A private Postgres server (initdb in a temp folder, own port), so a test can stop and restart
// it without touching the machine's shared server. Runs as the postgres OS user when we are root.

const pgBin = (() => {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = execFileSync("ls", [base]).toString().split("\n").filter(Boolean).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(path.join(base, v, "bin", "pg_ctl"))) return path.join(base, v, "bin");
  return null;
})();

export function privatePostgresAvailable(): boolean {
  return pgBin !== null;
}

export type PrivatePostgres = { url: string; port: number; stop: () => Promise<void>; start: () => Promise<void>; destroy: () => void };

export function startPrivatePostgres(): PrivatePostgres {
  if (!pgBin) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql");
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "arena-pg-"));
  chmodSync(dir, 0o755);
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const dataDir = path.join(dir, "data");
  const port = testPort("privatePostgres");
  const command = (bin: string, args: string[]): [string, string[]] => {
    const cmd = [path.join(pgBin, bin), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    return asRoot ? ["su", ["postgres", "-c", cmd]] : ["sh", ["-c", cmd]];
  };
  const runSync = (bin: string, args: string[]) => execFileSync(...command(bin, args), { stdio: "pipe" });
  // Asynchronous, so the app's event loop keeps serving (and failing) while Postgres stops and starts.
  const run = (bin: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [file, argv] = command(bin, args);
      execFile(file, argv, (error, _stdout, stderr) => (error ? reject(new Error(`${bin} failed: ${stderr}`)) : resolve()));
    });
  const startArgs = ["-D", dataDir, "-l", path.join(dir, "log"), "-w", "-t", "30", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, "start"];
  // "fast": disconnects clients at once, like a crash or failover as seen from the app.
  const stopArgs = ["-D", dataDir, "-m", "fast", "-w", "-t", "30", "stop"];
  runSync("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  runSync("pg_ctl", startArgs);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => run("pg_ctl", startArgs),
    stop: () => run("pg_ctl", stopArgs),
    destroy() {
      try {
        runSync("pg_ctl", stopArgs);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A fresh, migrated database on a private server: the one way the fault tests get their data store.
export async function createPrivateDatabase(server: PrivatePostgres, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  await restoreMigratedSchema(url);
  return url;
}

// What `prisma migrate deploy` makes (tables, types, indexes and the _prisma_migrations rows), taken from a copy of
// the test template on the shared server (tests/setup/test-database.ts) with pg_dump: about a second instead of the
// ~10 s a `migrate deploy` lingers on a loaded machine.
async function restoreMigratedSchema(url: string) {
  const source = await createTestDatabase("arena_schema");
  try {
    const dump = execFileSync(path.join(pgBin!, "pg_dump"), ["--no-owner", "--no-privileges", "--dbname", source.url], { maxBuffer: 64 * 1024 * 1024 });
    execFileSync(path.join(pgBin!, "psql"), ["--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--dbname", url], { input: dump, stdio: ["pipe", "pipe", "pipe"] });
  } finally {
    await source.drop();
  }
}

export function migrate(databaseUrl: string) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: "pipe",
  });
}

export function seedDemo(databaseUrl: string) {
  execFileSync("npx", ["tsx", "--import", "./scripts/allow-server-only.mjs", "scripts/seed.ts"], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
}

// Load runs vote far more often than the demo set's 48 prompts allow one annotator (each prompt is issued
// to an annotator once): a set of `count` short filler prompts, each answered by three of the demo's models.
export async function seedFillerPrompts(databaseUrl: string, count: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `WITH s AS (INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), 'load filler ' || $2) RETURNING id),
       p AS (INSERT INTO prompts (id, prompt_set_id, external_id, language, category, text, content_hash)
             SELECT gen_random_uuid(), s.id, 'f' || k, (CASE WHEN k % 2 = 0 THEN 'ar' ELSE 'en' END)::"Language", 'filler',
                    'Filler prompt ' || k, md5('filler' || k)
             FROM s, generate_series(1, $1::int) AS k RETURNING id, text)
       INSERT INTO responses (id, prompt_id, model_id, text, content_hash)
       SELECT gen_random_uuid(), p.id, m.id, 'Answer of ' || m.key || ' to ' || p.text, md5(m.key || p.text)
       FROM p CROSS JOIN (SELECT id, key FROM models WHERE NOT hidden AND NOT retired ORDER BY key LIMIT 3) m`,
      [count, randomBytes(3).toString("hex")],
    );
    // Statistics, as a database in use has: otherwise the first plans are made before autovacuum's ANALYZE has
    // run (during the measurement), and the hot statements' cached generic plans differ from run to run.
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const winnersForLoad = ["model_a", "model_b", "tie", "tie_bothbad"] as const;

// ---------------------------------------------------------------------------------------------
// The embedded database (PGlite), in a process of its own as `npm start` serves it, migrated.

export async function startEmbeddedDatabaseProcess(): Promise<{ url: string; pid: number; drop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "arena-pglite-"));
  const port = testPort("embeddedDbProcess");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "embedded-db-child.ts"), dataDir, String(port)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
    child.on("exit", (code) => reject(new Error(`the embedded database exited (${code}) before it was ready`)));
  });
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  return {
    url,
    pid: child.pid!,
    async drop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 500));
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
