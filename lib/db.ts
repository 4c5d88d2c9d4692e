// One Prisma client per process, cached on globalThis so Next's dev reloads reuse it.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl, poolMax } from "@/lib/server/env";

const globalForPrisma = globalThis as unknown as { arenaPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl(),
    max: poolMax(),
    // Fail fast while Postgres is unreachable instead of queueing requests forever.
    connectionTimeoutMillis: 5_000,
  });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForPrisma.arenaPrisma ?? createClient();
globalForPrisma.arenaPrisma = db;
