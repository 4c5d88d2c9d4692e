// `npm run test:e2e`: a throwaway database, the production build served by `npm start`'s
// launcher on a test port, Playwright against it, then everything torn down.
import { spawn } from "node:child_process";
import { exitUnlessSupportedNode, reportedServerNode } from "../lib/node-version";
import { createTestDatabase } from "../tests/setup/test-database";

exitUnlessSupportedNode("npm run test:e2e (scripts/run-e2e.ts)");

const port = Number(process.env.E2E_PORT ?? 3100);
const baseUrl = `http://127.0.0.1:${port}`;

let serverExited = false;

async function waitForServer(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (serverExited) throw new Error("The app exited before it answered (see its output above).");
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not answer at ${url} within ${timeoutMs / 1000} s`);
}

// A server already on the port (say, one left by an interrupted run) would answer instead of this run's app,
// against another database: every sign-in of this run's users would fail. Refuse at once, naming the port.
const portTaken = await fetch(`${baseUrl}/signin`).then(
  () => true,
  () => false,
);
if (portTaken) {
  console.error(`Something already answers on ${baseUrl} (a server left running?): stop it, or set E2E_PORT to a free port.`);
  process.exit(1);
}

const database = await createTestDatabase("arena_e2e");
const env = {
  ...process.env,
  DATABASE_URL: database.url,
  PORT: String(port),
  HOST: "127.0.0.1",
  ARENA_DEMO: "1",
  NEXTAUTH_SECRET: "e2e-secret-not-for-production",
  // Encrypts model endpoint secrets (e2e/generation.spec.ts stores one).
  ARENA_SECRET_KEY: "e2e0".repeat(16),
  NEXTAUTH_URL: baseUrl,
  E2E_BASE_URL: baseUrl,
  // One server process unless asked: each process warms up (JIT, route modules) on its own first requests, and on
  // a loaded 2-core CI machine that doubled wait made the first sign-ins of a run miss their hydration timeout.
  // Several processes are tested by tests/faults/two-processes.test.ts; WEB_CONCURRENCY=2 runs the e2e under them.
  WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? "1",
};
const server = spawn("npx", ["tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "inherit"], detached: true });
server.on("exit", () => (serverExited = true));
// The app's output passes through; the Node.js version the server reports (instrumentation.ts, before it
// answers a request) goes to e2e/runtime.spec.ts, which checks it.
server.stdout!.pipe(process.stdout);
const serverNodeVersion = reportedServerNode(server.stdout!);
let exitCode = 1;
try {
  // The launcher builds first when sources changed: minutes on a loaded 2-core machine.
  await waitForServer(`${baseUrl}/signin`, 1_200_000);
  const serverNode = await Promise.race([serverNodeVersion, new Promise<string>((r) => setTimeout(r, 10_000, "not reported").unref())]);
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn("npx", ["playwright", "test", ...process.argv.slice(2)], {
      env: { ...env, E2E_SERVER_NODE_VERSION: serverNode },
      stdio: "inherit",
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
} finally {
  // The launcher stops the app (SIGKILL after 5 s) before it exits; wait for that, then end whatever is left.
  const stopped = new Promise((r) => (serverExited ? r(null) : server.once("exit", r)));
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {
    // already gone
  }
  await Promise.race([stopped, new Promise((r) => setTimeout(r, 10_000))]);
  try {
    process.kill(-server.pid!, "SIGKILL");
  } catch {
    // already gone
  }
  await database.drop();
}
process.exit(exitCode);
