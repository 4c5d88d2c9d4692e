import { availableParallelism } from "node:os";
import path from "node:path";

// How the server process is launched: scripts/app-server.ts (production: Next's request handler, with the vote
// route served directly), shared by `npm start` and the harness that the fault tests and `npm run bench:load`
// use, and `next dev` for `npm run dev`.

// V8 flags. Each request allocates many short-lived objects (web Request/Response, streams, promises);
// 64 MB semi-spaces instead of V8's 16 MB default mean far fewer young-generation collections. Measured
// with bench:load at 50 annotators: 91 -> 110 votes/s, app CPU 11.1 -> 8.7 ms per vote. Costs up to
// ~150 MB more memory.
const serverNodeFlags = ["--max-semi-space-size=64"];

// Idle keep-alive connections are kept 65 s (Node's default is 5 s). A client or proxy that reuses an
// idle connection at the moment the server closes it gets ECONNRESET; the usual rule is that the server
// waits longer than any proxy in front of it (they idle out at 60 s by default), so the proxy closes first.
const keepAliveTimeoutMs = 65_000;

const nextBin = (root: string) => path.join(root, "node_modules", "next", "dist", "bin", "next");

// Arguments for `process.execPath`, run in `root`: node's flags (the server is TypeScript, run by tsx like
// the launcher), then the server with its port, host and keep-alive. With workers > 1, a node:cluster
// primary (scripts/cluster.mjs) that runs that many of these processes on the one port.
export function serverStartArgs(root: string, port: number, host: string, workers = 1): string[] {
  const flags = [...serverNodeFlags, "--import", "tsx", "--import", path.join(root, "scripts", "allow-server-only.mjs")];
  const server = [path.join(root, "scripts", "app-server.ts"), String(port), host, String(keepAliveTimeoutMs)];
  if (workers <= 1) return [...flags, ...server];
  return [path.join(root, "scripts", "cluster.mjs"), String(workers), JSON.stringify(flags), ...server];
}

// How many server processes `npm start` runs: WEB_CONCURRENCY, else one per core (at most 8). On the
// embedded database always one: PGlite is a single Postgres session that serves one connection at a time
// (scripts/embedded-db.ts), so a second process would only queue behind the first one's connection.
export function serverProcesses(configured: number | undefined, embedded: boolean, cores = availableParallelism()): number {
  if (embedded) return 1;
  return configured ?? Math.max(1, Math.min(8, cores));
}

// `npm run dev`: the development server (compiles on request, reloads on change; no production build).
export function nextDevArgs(root: string, port: number, host: string): string[] {
  return [nextBin(root), "dev", "-p", String(port), "-H", host];
}
