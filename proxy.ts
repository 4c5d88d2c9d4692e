import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/server/security/csp";
import { crossOriginMessage, isSameOrigin } from "@/lib/server/security/origin";

// Runs before pages and before the API routes with a dynamic segment.
//  - Refuses a path whose percent-encoding is not UTF-8: Next would answer 500 when it decodes the
//    route's parameters, before any of our code runs.
//  - Refuses a server action from another origin with 403 (Next's own refusal is a 500).
//  - Gives every page response a fresh CSP nonce. Next reads the policy from the request headers
//    while rendering and puts the nonce on its own scripts; the browser gets the same policy.
//    (The other security headers, and the policy for /api, are set in next.config.mjs.)
// The fixed API routes, the vote loop among them, do not pass through here: each proxy pass costs a
// few milliseconds of the single app thread.
export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  if (!isDecodable(path)) {
    const message = "The path is not valid UTF-8.";
    return path.startsWith("/api/")
      ? NextResponse.json({ error: { code: "invalid_path", message } }, { status: 400 })
      : new NextResponse(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  // A server action is a POST to a page naming the action in Next-Action. Next refuses one sent from another
  // origin itself, but as a 500 with a stack in the log; this answers 403, as the API routes do (same-origin.ts).
  if (request.method === "POST" && request.headers.has("next-action") && !isSameOrigin(request)) {
    return NextResponse.json({ error: { code: "cross_origin", message: crossOriginMessage } }, { status: 403 });
  }
  if (path.startsWith("/api/")) return NextResponse.next();
  const policy = contentSecurityPolicy(newNonce(), { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export const config = {
  matcher: [
    // Prefetches too (Purpose: prefetch, Next-Router-Prefetch: 1): a prefetched page is shown as it
    // came, so it needs its policy, and its path must be checked like any other.
    "/((?!api|_next/static|_next/image|favicon.ico).*)",
    // API routes with a dynamic segment (e2e/hostile.spec.ts checks every one of them). Not the upload
    // itself (`:path+`, not `:path*`): Next buffers the body of every request that passes through here
    // and keeps only its first 10 MB, so a larger prompt file arrived silently cut.
    "/api/battles/:id/skip",
    "/api/me/guidelines/:id/acknowledge",
    "/api/live/battles/:id/turns",
    "/api/live/battles/:id/stop",
    "/api/admin/import/uploads/:path+",
  ],
};
