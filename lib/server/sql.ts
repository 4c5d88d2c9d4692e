// How the app reaches the database (the rule, also in README "Database notes"): only lib/server/** and the
// scripts touch it. The hot path (the signed-in user, rate limits, issuing a battle, recording a vote or a
// skip) runs hand-written SQL through `sql()` / `transaction()` below, straight on the pool that Prisma also
// uses; everything else goes through Prisma Client (its model API, and `$queryRaw` for aggregations the model
// API cannot express, on `tx` inside an interactive transaction). Hot-path files use nothing else.
// Why the hot path bypasses Prisma: these statements are hand-written SQL anyway, and going through
// $queryRaw added ~0.5 ms of CPU per statement and its batch transactions two extra round trips (measured
// with `npm run bench:load`). Statements are built with Prisma.sql, as everywhere else, so values are always
// sent as parameters, never spliced into the text.
import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import { pool } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type Runner = <T>(statement: Prisma.Sql) => Promise<T[]>;

// Every statement is prepared once per connection under a name derived from its text, so Postgres
// parses and plans each of these fixed statements once rather than on every request (planning the
// battle statement cost more than running it).
// The names are remembered by text: hashing the ~4 kB battle statement on every call cost ~2% of the app's
// CPU under load (bench:load profile). The texts are a small fixed set; the bound only guards against a bug.
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= 2000) statementNames.clear();
    name = `arena_${createHash("sha1").update(text).digest("base64url")}`;
    statementNames.set(text, name);
  }
  return name;
}

const runOn =
  (target: pg.Pool | pg.PoolClient): Runner =>
  async <T>(statement: Prisma.Sql) => {
    const text = statement.text;
    return (await target.query({ name: statementName(text), text, values: statement.values as unknown[] })).rows as T[];
  };

/** Runs one statement in autocommit mode and returns its rows. */
export const sql: Runner = (statement) => runOn(pool())(statement);

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
 * throws. `prelude` (fixed SQL without parameters, e.g. a lock and SET LOCALs) is sent with BEGIN in
 * the same round trip.
 */
export async function sqlTransaction<T>(work: (run: Runner) => Promise<T>, { prelude = "" } = {}): Promise<T> {
  const connection = await pool().connect();
  let lost: Error | undefined;
  // A checked-out client has no listener of the pool's: a server that goes away between two statements
  // (a restart, a failover) would emit 'error' with none and end the process. Note it and destroy the client.
  const onError = (error: Error) => (lost = error);
  connection.on("error", onError);
  try {
    await connection.query(prelude ? `BEGIN; ${prelude}` : "BEGIN");
    const result = await work(runOn(connection));
    await connection.query("COMMIT");
    return result;
  } catch (error) {
    // A connection that cannot even roll back (its server went away) is destroyed, not pooled again.
    await connection.query("ROLLBACK").catch((rollbackError: Error) => (lost = rollbackError));
    throw error;
  } finally {
    connection.off("error", onError);
    connection.release(lost);
  }
}

/** A string as a quoted SQL literal, for a prelude (which cannot take parameters). */
export const sqlLiteral = (value: string) => pg.escapeLiteral(value);
