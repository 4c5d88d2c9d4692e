// One connection pool and one Prisma client per process, cached on globalThis so Next's dev reloads
// reuse them. Prisma runs on the same pool as the hot-path SQL (lib/server/sql.ts), so the app holds
// one connection budget. Created on first use: importing this module (e.g. during `next build`)
// needs no database.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl, poolMax } from "@/lib/server/env";

const globalForDb = globalThis as unknown as { arenaPool?: pg.Pool; arenaPrisma?: PrismaClient };

export function pool(): pg.Pool {
  if (!globalForDb.arenaPool) {
    const created = new pg.Pool({
      connectionString: databaseUrl(),
      max: poolMax(),
      // Fail fast while Postgres is unreachable instead of queueing requests forever.
      connectionTimeoutMillis: 5_000,
      // pg's default, written out because the embedded database depends on it: it serves one connection
      // at a time (scripts/embedded-db.ts), so releasing an idle connection lets a CLI or pg_dump in.
      idleTimeoutMillis: 10_000,
    });
    // An idle connection dropped by the server (a restart) is discarded by the pool; without a
    // listener the 'error' event would end the process.
    created.on("error", (error) => console.error(`[db] idle connection lost: ${error.message}`));
    globalForDb.arenaPool = created;
  }
  return globalForDb.arenaPool;
}

function client(): PrismaClient {
  globalForDb.arenaPrisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForDb.arenaPrisma;
}

export const db = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const value = Reflect.get(client(), property);
    return typeof value === "function" ? value.bind(client()) : value;
  },
});

/**
 * Closes the Prisma client and the pool if this process opened them, and forgets them (the next use
 * opens new ones). Scripts call it before exiting; it never connects, so it is safe after a failure.
 */
export async function closeDb(): Promise<void> {
  const { arenaPrisma, arenaPool } = globalForDb;
  delete globalForDb.arenaPrisma;
  delete globalForDb.arenaPool;
  await arenaPrisma?.$disconnect().catch(() => undefined);
  await arenaPool?.end().catch(() => undefined);
}
