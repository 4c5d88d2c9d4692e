// The embedded default database: PGlite (Postgres compiled to WebAssembly) served over the
// Postgres wire protocol on loopback, so the app, Prisma and migrations use the same code path
// as with a real server. Data lives in a folder and survives restarts.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export async function startEmbeddedDatabase(dataDir: string, port = Number(process.env.ARENA_EMBEDDED_DB_PORT ?? 54329)) {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir });
  // PGlite runs one query at a time; the server multiplexes a few client connections onto it.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 4 });
  await server.start();
  return {
    dataDir,
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
