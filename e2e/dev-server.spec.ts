import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { demoAccounts } from "../lib/server/demo/demo-accounts";

// `npm run dev` as a new user runs it: no DATABASE_URL, so it takes `npm start`'s steps (embedded database,
// migrations, demo seed) and then serves `next dev` instead of a production build.

const port = Number(process.env.E2E_PORT ?? 3100) + 12;
const baseUrl = `http://127.0.0.1:${port}`;
const annotator = demoAccounts.find((a) => a.role === "annotator")!;

function startDev(dataDir: string): Promise<{ launcher: ChildProcess; output: () => string }> {
  const env = {} as NodeJS.ProcessEnv;
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(DATABASE_|ARENA_|NEXTAUTH_|E2E_|HOST$|NODE_ENV$)/.test(key)) env[key] = value;
  }
  Object.assign(env, { PORT: String(port), ARENA_DATA_DIR: dataDir, ARENA_EMBEDDED_DB_PORT: String(port + 20000) });
  const launcher = spawn("npm", ["run", "dev"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  return new Promise((resolve, reject) => {
    const collect = (d: Buffer) => {
      output += d;
      if (output.includes("Arena is running")) resolve({ launcher, output: () => output });
    };
    launcher.stdout!.on("data", collect);
    launcher.stderr!.on("data", (d: Buffer) => (output += d));
    launcher.on("exit", (code) => reject(new Error(`npm run dev exited with ${code}:\n${output}`)));
  });
}

test("npm run dev serves next dev after npm start's embedded database, migration and seed steps", async ({ browser }) => {
  test.setTimeout(900_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "arena-dev-"));
  const { launcher, output } = await startDev(dataDir);
  try {
    expect(output()).toContain("Embedded Postgres (PGlite) serving");
    expect(output()).toContain("development server");
    expect(output()).not.toContain("Creating an optimized production build");

    // The database steps ran as `npm start` runs them: migrations, then the demo seed.
    expect(output()).toMatch(/Demo data ready: \d+ prompts/);
    const page = await (await browser.newContext({ locale: "en-US" })).newPage();
    const signin = await page.goto(`${baseUrl}/signin`, { timeout: 300_000 });
    expect(signin!.status()).toBe(200);
    // The development server's policy (lib/server/security/csp.ts): React's dev build needs eval.
    expect(signin!.headers()["content-security-policy"]).toContain("'unsafe-eval'");
    // The embedded local demo lists its accounts, as under `npm start`.
    await expect(page.getByTestId("demo-accounts")).toContainText(annotator.email);
    // Only /signin is compiled: signing in and voting are covered under `npm start` (embedded-start.spec.ts),
    // and each page next dev compiles costs CI a minute on a busy machine.
  } finally {
    await new Promise<void>((resolve) => {
      if (launcher.exitCode !== null) return resolve();
      launcher.once("exit", () => resolve());
      process.kill(-launcher.pid!, "SIGINT");
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
