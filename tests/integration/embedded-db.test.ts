import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../scripts/embedded-db";
import { testPort } from "../helpers/ports";

vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

// The hot path (signed-in user, rate limits, issuing, voting, skipping) on the embedded database,
// through the same socket server `npm start` uses, with the same pool settings (one connection, pg's
// idle timeout): across idle pauses longer than that timeout, dropped connections and other clients.
// Before the socket server gave each connection its own session, the first request after the pool
// replaced its idle connection failed with 42P05 (a named statement prepared again in the same session).

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "arena-embedded-"));
const port = testPort("embeddedDbTest");
let embedded: EmbeddedDatabase;
const postgresUrl = process.env.DATABASE_URL;

// The app's pool and client are per process; this file swaps the database under them.
const forgetAppPool = async () => (await import("@/lib/db")).closeDb();

function migrate(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["prisma", "migrate", "deploy"], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d));
    child.stderr!.on("data", (d: Buffer) => (output += d));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrate deploy exited with ${code}: ${output}`))));
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const idleMs = 1_000;

beforeAll(async () => {
  embedded = await startEmbeddedDatabase(dataDir, port);
  await migrate(embedded.url);
  // The app's settings under `npm start` (scripts/start.ts), for the modules imported below.
  await forgetAppPool();
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_POOL_MAX = "1";
}, 180_000);

afterAll(async () => {
  await forgetAppPool();
  process.env.DATABASE_URL = postgresUrl;
  delete process.env.DATABASE_POOL_MAX;
  await embedded?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the embedded database's port", () => {
  it("when taken, is refused with what to do, before the data folder is opened", async () => {
    const otherDir = path.join(dataDir, "second-start");
    await expect(startEmbeddedDatabase(otherDir, port)).rejects.toThrow(`Port ${port} on 127.0.0.1, where the embedded database listens, is taken`);
    expect(existsSync(otherDir)).toBe(false);
  });
});

describe("the embedded database under the app's hot path", () => {
  it("keeps serving sign-in, limits, issuing, votes and skips across idle pauses, reconnects and other clients", async () => {
    const { pool } = await import("@/lib/db");
    const { getCurrentUser } = await import("@/lib/server/auth/session");
    const { enforce } = await import("@/lib/server/security/rate-limit");
    const { voteLimits } = await import("@/lib/server/security/limits");
    const { issueBattle } = await import("@/lib/server/battles/issue-battle");
    const { skipBattle } = await import("@/lib/server/battles/skip-battle");
    const { recordVote } = await import("@/lib/server/votes/record-vote");
    const { signInAs } = await import("./security-session");
    const { importGeneratedSet, makeUser } = await import("../helpers/fixtures");

    // Each prompt is issued to an annotator once: the first annotator's six battles need six prompts.
    await importGeneratedSet(12);
    const annotators = [await makeUser(), await makeUser()];
    const votes: string[] = [];

    // One round as a person uses the app: who am I, may I, a battle, a vote; then a battle skipped.
    async function round(annotator: (typeof annotators)[number]) {
      await signInAs(annotator.id);
      expect((await getCurrentUser())?.id).toBe(annotator.id);
      await enforce(voteLimits(annotator.id, "127.0.0.1"));
      const battle = await issueBattle(annotator);
      expect(battle).not.toBeNull();
      const receipt = await recordVote(annotator.id, { battleId: battle!.id, winner: "model_a" });
      votes.push(receipt.battleId);
      const skipped = await issueBattle(annotator);
      await skipBattle(annotator.id, skipped!.id);
    }

    // The pool closes a connection idle for 10 s (lib/db.ts); the test shortens that to 1 s, the same close
    // sooner, so its two idle pauses cost 3 s rather than 22.
    pool().options.idleTimeoutMillis = idleMs;
    await round(annotators[0]!);
    // Past the idle timeout: the pool closes its connection and the next request opens another.
    await pause(idleMs + 500);
    expect(pool().totalCount).toBe(0);
    await round(annotators[0]!);
    expect(pool().totalCount).toBe(1);

    // A connection lost under the app (destroyed, as after a network error), then two tabs at once.
    const connection = await pool().connect();
    connection.release(true);
    await Promise.all(annotators.map((a) => round(a)));

    // Another client (a CLI, pg_dump) gets its turn once the app is idle, in a clean session, and the
    // app gets its turn back after it: nothing one leaves behind (SET, prepared names) reaches the other.
    await pause(idleMs + 500);
    expect(pool().totalCount).toBe(0);
    const other = new pg.Client({ connectionString: embedded.url });
    await other.connect();
    await other.query("SET search_path TO pg_catalog");
    await other.query({ name: "arena_probe", text: "SELECT 1" });
    const stored = await other.query<{ n: string }>("SELECT count(*)::text AS n FROM public.votes");
    expect(Number(stored.rows[0]!.n)).toBe(votes.length);
    await other.end();
    await round(annotators[1]!);

    const { db } = await import("@/lib/db");
    expect(await db.vote.count()).toBe(votes.length);
    expect(votes.length).toBe(5);
  }, 120_000);
});
