import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testPort } from "../helpers/ports";
import { repoRoot } from "./harness";

// The embedded default database (PGlite behind scripts/embedded-db.ts) is killed with SIGKILL
// while a client is writing; after a restart on the same folder every write it acknowledged is there.

const dataDir = mkdtempSync(path.join(os.tmpdir(), "arena-pglite-"));
const port = testPort("embeddedKill");
const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
let child: ChildProcess | null = null;

function startChild(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // node itself (not the tsx wrapper), so SIGKILL hits the process that holds the database.
    const c = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "embedded-db-child.ts"), dataDir, String(port)], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    c.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    c.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(c);
    });
    c.on("exit", (code) => reject(new Error(`embedded database exited (${code}) before it was ready: ${err}`)));
  });
}

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("embedded database killed mid-write", () => {
  it("keeps every acknowledged write across SIGKILL and restart", async () => {
    child = await startChild();
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query("CREATE TABLE fault_probe (id int PRIMARY KEY, payload text NOT NULL)");
    await setup.end();

    // A writer inserting one row per transaction, recording each acknowledgement.
    const acknowledged: number[] = [];
    const writer = new pg.Client({ connectionString: url });
    writer.on("error", () => {});
    await writer.connect();
    const writing = (async () => {
      for (let id = 1; id < 100_000; id++) {
        try {
          await writer.query("INSERT INTO fault_probe (id, payload) VALUES ($1, $2)", [id, `row ${id} `.repeat(20)]);
        } catch {
          return; // the server died under us
        }
        acknowledged.push(id);
      }
    })();
    // Kill once a good number of writes are through, while more are in flight.
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGKILL");
    await writing;
    await writer.end().catch(() => {});
    const killedAfter = acknowledged.length;
    expect(killedAfter).toBeGreaterThanOrEqual(150);

    child = await startChild();
    const reader = new pg.Client({ connectionString: url });
    await reader.connect();
    const { rows } = await reader.query<{ id: number }>("SELECT id FROM fault_probe ORDER BY id");
    await reader.end();
    const stored = new Set(rows.map((r) => r.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost, `acknowledged but lost after SIGKILL (of ${killedAfter})`).toEqual([]);
    // At most the one in-flight insert may have landed without its acknowledgement.
    expect(stored.size - killedAfter).toBeLessThanOrEqual(1);
  }, 90_000);
});
