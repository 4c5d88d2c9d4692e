// Environment read in one place, so a missing setting fails with one clear message.
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      "DATABASE_URL is not set. `npm start` sets it for the app; for a script beside a running `npm start` on the embedded database, use DATABASE_URL=postgres://postgres:postgres@127.0.0.1:54329/postgres.",
    );
  return url;
}

// The embedded database (PGlite) serves one connection at a time; a real Postgres takes a pool.
export function poolMax(): number {
  const n = Number(process.env.DATABASE_POOL_MAX ?? 10);
  return Number.isFinite(n) && n > 0 ? n : 10;
}

// Set by `npm start` when it serves the embedded database (no DATABASE_URL): a local demo, never a deployment.
export function embeddedDemo(): boolean {
  return process.env.ARENA_EMBEDDED_DB === "1" && process.env.ARENA_DEMO === "1";
}
