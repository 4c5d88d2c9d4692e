import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

// The address a request came from, as the rate limits count it: the last entry of X-Forwarded-For.
// In the running server that header holds exactly one address, written by the hook below from the
// socket and the trusted proxies (whatever the client sent is dropped); tests that call a route
// handler directly set it themselves.
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return (last ?? request.headers.get("x-real-ip") ?? "unknown").slice(0, 64);
}

// How many reverse proxies in front of the app append to X-Forwarded-For (ARENA_TRUSTED_PROXY_HOPS).
// 0, the default, trusts no header: the client is the socket's peer.
export function trustedProxyHops(): number {
  const n = Number(process.env.ARENA_TRUSTED_PROXY_HOPS ?? "0");
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

// The client's address from the header a request arrived with and the socket's peer: each trusted
// proxy appends the address it saw, so with `hops` proxies the client is the entry `hops` places
// before the peer. Entries further left were written by the client and are never read.
export function trustedClientAddress(forwardedFor: string | string[] | undefined, peer: string, hops: number): string {
  const sent = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",").map((s) => s.trim()).filter(Boolean);
  const chain = [...sent, peer];
  return chain[Math.max(0, chain.length - 1 - hops)]!;
}

// Next copies the client's X-Forwarded-For into the request as sent (it fills it from the socket only
// when absent), so a client could pick a fresh address for every sign-in attempt. Node announces each
// request on this channel before the server sees it: the header is replaced there by the one trusted
// address. Installed once per process by instrumentation.ts.
const installed = Symbol.for("arena.trustedClientAddress");
export function installTrustedClientAddress(): void {
  const state = globalThis as { [installed]?: boolean };
  if (state[installed]) return;
  state[installed] = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers["x-forwarded-for"] = trustedClientAddress(request.headers["x-forwarded-for"], socket.remoteAddress ?? "unknown", trustedProxyHops());
    delete request.headers["x-real-ip"];
  });
}
