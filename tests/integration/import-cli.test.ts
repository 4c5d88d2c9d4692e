import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetData } from "../helpers/fixtures";

const root = path.join(import.meta.dirname, "..", "..");
const run = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  promisify(execFile)("npx", ["tsx", "--import", "./scripts/allow-server-only.mjs", "scripts/import.ts", ...args], { cwd: root, env: { ...env } })
    .then((r) => ({ code: 0, ...r }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!);

describe("npm run import (the CLI)", () => {
  beforeEach(async () => {
    await resetData();
  });

  it("imports a file, and a second run changes nothing", async () => {
    const dry = await run(["examples/prompts.csv", "--set", "cli", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Dry run");
    expect(await db.prompt.count()).toBe(0);

    const first = await run(["examples/prompts.jsonl", "--set", "cli"]);
    expect(first.code).toBe(0);
    expect(lastJson(first.stdout).result).toMatchObject({ promptsNew: 3, responsesNew: 8, pairScores: 7 });
    expect(await db.prompt.count()).toBe(3);
    const second = await run(["examples/prompts.csv", "--set", "cli"]);
    expect(second.code).toBe(0);
    expect(lastJson(second.stdout).result).toMatchObject({ promptsNew: 0, promptsChanged: 0, promptsUnchanged: 3, responsesUnchanged: 8 });
    expect(await db.prompt.count()).toBe(3);
  });

  it("says once how to point it at a database when DATABASE_URL is not set, and exits 2", async () => {
    const { DATABASE_URL: _url, ...withoutUrl } = process.env;
    const missing = await run(["examples/prompts.jsonl", "--set", "cli"], withoutUrl);
    expect(missing.code).toBe(2);
    expect(missing.stderr.match(/DATABASE_URL is not set/g)).toHaveLength(1);
    expect(missing.stderr).not.toMatch(/\bat \S+ \(/); // no stack trace
  });

  it("exits 1 with line-numbered errors and writes nothing for a broken file; 2 on wrong usage", async () => {
    const broken = await run(["examples/prompts-broken.jsonl", "--set", "cli"]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("line 2: This line is not valid JSON.");
    expect(broken.stderr).toContain("line 3 [language]: Language must be “ar” or “en”, not “fr”.");
    expect(await db.prompt.count()).toBe(0);
    expect(await db.importUpload.count()).toBe(0);
    expect((await run(["examples/prompts.jsonl"])).code).toBe(2);
    expect((await run(["missing.jsonl", "--set", "x"])).code).toBe(2);
  });
});
