import path from "node:path";

// How the server process is launched: `next start` (production), shared by `npm start` and the harness
// that the fault tests and `npm run bench:load` use, and `next dev` for `npm run dev`.

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

// Arguments for `process.execPath`: node's flags, then next's own entry point.
export function nextStartArgs(root: string, port: number, host: string): string[] {
  return [...serverNodeFlags, nextBin(root), "start", "-p", String(port), "-H", host, "--keepAliveTimeout", String(keepAliveTimeoutMs)];
}

// `npm run dev`: the development server (compiles on request, reloads on change; no production build).
export function nextDevArgs(root: string, port: number, host: string): string[] {
  return [nextBin(root), "dev", "-p", String(port), "-H", host];
}
