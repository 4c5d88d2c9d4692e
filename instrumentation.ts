// Runs once when the server process starts (next start, next dev), before it answers a request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitUnlessSupportedNode, serverStartLine } = await import("./lib/node-version");
  const { exitUnlessValidEnvironment } = await import("./lib/server/env");
  exitUnlessSupportedNode("The Arena server (next start)");
  exitUnlessValidEnvironment("The Arena server", { server: true });
  const { installTrustedClientAddress } = await import("@/lib/server/security/client-ip");
  installTrustedClientAddress();
  // Batch generation runs inside each server process (no second process to deploy and supervise): jobs
  // live in Postgres, and workers of several instances share them safely (SKIP LOCKED claims, leases,
  // per-endpoint concurrency counted in the database). ARENA_GENERATION_WORKER=0 leaves an instance out.
  const { env } = await import("./lib/server/env");
  if (env("ARENA_GENERATION_WORKER") !== "0") {
    const { startServerGenerationWorker } = await import("./lib/server/generation/worker");
    startServerGenerationWorker();
  }
  // Read by the test runners (scripts/run-e2e.ts, tests/faults/harness.ts) to check the server's runtime.
  console.log(serverStartLine());
}
