// One Prisma client per process, cached on globalThis so Next's dev reloads reuse it.
// Created on first use, so importing this module (e.g. during `next build`) needs no database.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl, poolMax } from "@/lib/server/env";

const globalForPrisma = globalThis as unknown as { arenaPrisma?: PrismaClient };

function client(): PrismaClient {
  globalForPrisma.arenaPrisma ??= new PrismaClient({
    adapter: new PrismaPg({
      connectionString: databaseUrl(),
      max: poolMax(),
      // Fail fast while Postgres is unreachable instead of queueing requests forever.
      connectionTimeoutMillis: 5_000,
    }),
  });
  return globalForPrisma.arenaPrisma;
}

export const db = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const value = Reflect.get(client(), property);
    return typeof value === "function" ? value.bind(client()) : value;
  },
});
