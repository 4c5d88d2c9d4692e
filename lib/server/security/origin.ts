// Whether a request comes from this site's own pages. Without "server-only": proxy.ts uses it too.
//
// The origin, as browsers report it (the same rule as Go's net/http CrossOriginProtection):
//  - Sec-Fetch-Site, when sent: only same-origin (or none: typed by the user) passes;
//  - otherwise Origin, when sent: its host must be this site's;
//  - neither: not a browser (a script, curl, an API client); it can only send its own cookies.

// What a refused cross-origin write is told, by the API routes (same-origin.ts) and the server actions (proxy.ts).
export const crossOriginMessage = "Requests that change data must come from this site's own pages.";

export function isSameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, some redirects) or garbage
  }
  return ownHosts(request).has(host);
}

// This site's host as the request names it (Host header, or the URL Next built from it), and as
// configured (NEXTAUTH_URL, the public address behind a proxy that rewrites Host).
function ownHosts(request: Request): Set<string> {
  const hosts = new Set<string>([new URL(request.url).host]);
  const header = request.headers.get("host");
  if (header) hosts.add(header);
  try {
    if (process.env.NEXTAUTH_URL) hosts.add(new URL(process.env.NEXTAUTH_URL).host);
  } catch {
    // not a URL: ignored
  }
  return hosts;
}
