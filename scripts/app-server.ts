// The production server, one process (scripts/next-server.ts builds its command; scripts/cluster.mjs runs
// several): Next's own request handler for everything, except the vote loop's two routes, whose handlers
// (app/api/votes/route.ts and app/api/battles/next/route.ts, the same functions Next would call) are served
// here on plain Node.js.
//
// Why: Next's per-request work in an App Router route handler was most of the app's CPU per vote (an empty
// route handler alone costs 1–3 ms here; README, Load), and the app shares two cores with Postgres. These routes
// need nothing of that work: no dynamic segment, not matched by proxy.ts, the session read from the request's
// Cookie header, no cookie set. What Next would add to their answers, the security headers of next.config.mjs,
// is added here from the same list. Every other request, and `npm run dev`, goes through Next as before.
// ARENA_DIRECT_ROUTES=0 sends these routes through Next too (to compare, or to rule this out).
//
//   node --import tsx --import ./scripts/allow-server-only.mjs scripts/app-server.ts <port> <host> <keep-alive ms>
import http from "node:http";
import path from "node:path";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { env } from "../lib/server/env";
import responseHeaders from "../lib/server/security/response-headers.json" with { type: "json" };

const [port, host, keepAliveMs] = [Number(process.argv[2]), process.argv[3] ?? "0.0.0.0", Number(process.argv[4] ?? 65_000)];
if (!Number.isInteger(port) || port < 1 || port > 65535 || !Number.isFinite(keepAliveMs)) {
  console.error("usage: scripts/app-server.ts <port> <host> <keep-alive ms>");
  process.exit(2);
}
(process.env as Record<string, string>).NODE_ENV ??= "production";

const root = path.resolve(import.meta.dirname, "..");
const app = next({ dev: false, dir: root, hostname: host, port });
const handleWithNext = app.getRequestHandler();
await app.prepare();

type RouteHandler = (request: Request) => Promise<Response>;
// Loaded after prepare(): the route's modules use Next's request storage, which Next sets up at start.
const directRoutes = new Map<string, RouteHandler>();
if (env("ARENA_DIRECT_ROUTES") !== "0") {
  const [votes, nextBattle] = await Promise.all([import("../app/api/votes/route"), import("../app/api/battles/next/route")]);
  directRoutes.set("POST /api/votes", votes.POST);
  directRoutes.set("POST /api/battles/next", nextBattle.POST);
}

const apiHeaders = [...responseHeaders.everyResponse, ...responseHeaders.api];
const serveDirect = (handler: RouteHandler) =>
  // overrideGlobalObjects: false keeps the global Request and Response Next's for the rest of the process.
  getRequestListener(
    async (request) => {
      const response = await handler(request);
      for (const [name, value] of apiHeaders) response.headers.set(name!, value!);
      return response;
    },
    { hostname: host, overrideGlobalObjects: false },
  );
const listeners = new Map([...directRoutes].map(([route, handler]) => [route, serveDirect(handler)]));

const server = http.createServer((req, res) => {
  const pathname = req.url?.split("?", 1)[0];
  const direct = listeners.get(`${req.method} ${pathname}`);
  if (direct) void direct(req, res);
  else void handleWithNext(req, res);
});
// As `next start --keepAliveTimeout`: idle keep-alive connections outlive any proxy's in front (next-server.ts).
server.keepAliveTimeout = keepAliveMs;
server.listen(port, host, () => {
  const served = directRoutes.size > 0 ? ` (served directly: ${[...directRoutes.keys()].join(", ")})` : "";
  console.log(`Arena server listening on http://${host}:${port}${served}`);
});

// Stop taking requests, let those under way finish, then leave (within 10 s whatever happens).
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
};
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, stop);
