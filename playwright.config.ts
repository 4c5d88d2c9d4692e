import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { exitUnlessSupportedNode } from "./lib/node-version";

exitUnlessSupportedNode("Playwright (npm run test:e2e)");

// Run through `npm run test:e2e`, which prepares a throwaway database, starts the built app and
// sets E2E_BASE_URL and DATABASE_URL. Chromium comes from the OS (no browser download here): the headless shell
// (Debian's chromium-headless-shell, what Playwright itself runs headless) when installed, else the full browser,
// whose headless mode also renders its own window UI and composites in a software GPU process (measured: README,
// Two commands).
const chromiumPath = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((p) => existsSync(p)) ?? "/usr/bin/chromium";
export default defineConfig({
  testDir: "e2e",
  // CI runs on a loaded 2-core machine (the app, Chromium and two workers share it): a page that takes
  // seconds there is slow, not wrong. Waits are for readiness; these bounds only end a test that is stuck.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  // A failing test runs once more, recording a trace (below); passing then still fails the run (failOnFlakyTests),
  // so a flaky test is never waved through. Recording a trace for every test instead ("retain-on-failure") doubled
  // the CPU Chromium and the runner spent (measured: README, Two commands).
  retries: 1,
  failOnFlakyTests: true,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100",
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    // As a user who asked for less motion: the leaderboard's live dot stops pulsing (motion-safe), so an open
    // leaderboard does not repaint 60 times a second for the whole test.
    reducedMotion: "reduce",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "chromium", testIgnore: /admin-import-large\.spec\.ts/, grepInvert: /@screens/, use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } },
    // The page-by-page screenshots in both languages at desktop and phone width (e2e/helpers/screens.ts), run beside
    // the others; `npm run test:e2e -- --project chromium` leaves them out while iterating.
    { name: "screens", testIgnore: /admin-import-large\.spec\.ts/, grep: /@screens/, use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } },
    // A 13 MB import keeps the app's single thread busy for a while: it runs after every other spec, alone,
    // so their own waits never overlap it.
    { name: "large-import", testMatch: /admin-import-large\.spec\.ts/, dependencies: ["chromium", "screens"], use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } },
  ],
});
