import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { demoAccounts, demoPassword } from "../lib/server/demo/demo-accounts";

// `npm start` as a new user runs it: no DATABASE_URL, so the launcher serves the embedded database
// (PGlite) from a data folder, seeds the demo and serves the build. Sign in, vote, stay idle past the
// pool's idle timeout, vote again, restart, vote again: every vote is still counted. Before the
// embedded server gave each connection its own session, the vote after the pause answered 503.

const basePort = Number(process.env.E2E_PORT ?? 3100);
const port = basePort + 11;
const baseUrl = `http://127.0.0.1:${port}`;
let dataDir = "";
const annotator = demoAccounts.find((a) => a.role === "annotator")!;

// The launcher with the environment of a fresh clone: nothing but a port and a data folder.
function startArena(): Promise<ChildProcess> {
  const env = {} as NodeJS.ProcessEnv;
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(DATABASE_|ARENA_|NEXTAUTH_|E2E_|HOST$)/.test(key)) env[key] = value;
  }
  Object.assign(env, { PORT: String(port), ARENA_DATA_DIR: dataDir, ARENA_EMBEDDED_DB_PORT: String(port + 20000) });
  const launcher = spawn("npx", ["tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  return new Promise((resolve, reject) => {
    const collect = (d: Buffer) => {
      output += d;
      if (output.includes("Arena is running")) resolve(launcher);
    };
    launcher.stdout!.on("data", collect);
    launcher.stderr!.on("data", (d: Buffer) => (output += d));
    launcher.on("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}

function stopArena(launcher: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (launcher.exitCode !== null) return resolve();
    launcher.once("exit", () => resolve());
    process.kill(-launcher.pid!, "SIGTERM");
  });
}

async function signInAsDemoAnnotator(page: Page) {
  await page.goto(`${baseUrl}/signin?callbackUrl=%2Fbattle`);
  // The embedded demo shows its accounts and shared password (a deployment on a server never does).
  await expect(page.getByTestId("demo-accounts")).toContainText(annotator.email);
  await page.locator('input[name="email"]').fill(annotator.email);
  await page.locator('input[name="password"]').fill(demoPassword);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/battle$/, { waitUntil: "commit", timeout: 30_000 });
  await expect(page.locator("[data-testid=battle][data-ready=true]")).toBeVisible({ timeout: 30_000 });
}

async function votesInTotal(page: Page): Promise<number> {
  const response = await page.request.get(`${baseUrl}/api/me/progress`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { progress: { total: number } }).progress.total;
}

async function voteOnce(page: Page) {
  await page.getByTestId("vote-model_a").click();
  await expect(page.getByTestId("reveal")).toBeVisible();
  await page.getByRole("button", { name: /Next battle/ }).click();
  await expect(page.locator("[data-testid=battle][data-ready=true]")).toBeVisible();
}

test.afterAll(() => dataDir && rmSync(dataDir, { recursive: true, force: true }));

test("npm start's embedded database keeps working after idle pauses and a restart", async ({ browser }) => {
  test.setTimeout(900_000);
  dataDir = mkdtempSync(path.join(os.tmpdir(), "arena-start-"));
  let launcher = await startArena();
  try {
    const page = await (await browser.newContext({ locale: "en-US" })).newPage();
    await signInAsDemoAnnotator(page);
    const before = await votesInTotal(page);
    await voteOnce(page);
    // Longer than the app's pool keeps an idle connection (10 s): the next request opens a new one.
    await page.waitForTimeout(12_000);
    await voteOnce(page);
    expect(await votesInTotal(page)).toBe(before + 2);

    await stopArena(launcher);
    launcher = await startArena();
    const again = await (await browser.newContext({ locale: "en-US" })).newPage();
    await signInAsDemoAnnotator(again);
    expect(await votesInTotal(again)).toBe(before + 2);
    await voteOnce(again);
    expect(await votesInTotal(again)).toBe(before + 3);
  } finally {
    await stopArena(launcher);
  }
});
