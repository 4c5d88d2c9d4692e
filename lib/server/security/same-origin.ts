import "server-only";
import { AppError } from "@/lib/server/errors";

// Requests that change state must come from this site's own pages, and in a type that an HTML form
// on another site cannot send. SameSite=Lax cookies alone do not stop a page on a sibling host (same
// site, other origin), and a cross-origin form or text/plain fetch carries the cookie.
//
// The content type: JSON (or, for the file upload, a file type). Forms send only text/plain,
// application/x-www-form-urlencoded or multipart/form-data; any other type from another origin
// needs a CORS preflight, which this app never grants.
//
// The origin, as browsers report it (the same rule as Go's net/http CrossOriginProtection):
//  - Sec-Fetch-Site, when sent: only same-origin (or none: typed by the user) passes;
//  - otherwise Origin, when sent: its host must be this site's;
//  - neither: not a browser (a script, curl, an API client); it can only send its own cookies.
export type BodyKind = "json" | "upload";

const uploadTypes = new Set(["application/octet-stream", "multipart/form-data", "text/csv", "application/x-ndjson", "application/jsonl", "application/json"]);

export function assertSameOriginWrite(request: Request, kind: BodyKind): void {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const accepted = kind === "json" ? type === "application/json" : uploadTypes.has(type);
  if (!accepted) {
    throw new AppError(
      415,
      "unsupported_media_type",
      kind === "json" ? "Send the request body as JSON (Content-Type: application/json)." : "Send the file as application/octet-stream (or multipart/form-data).",
    );
  }
  if (!isSameOrigin(request)) {
    throw new AppError(403, "cross_origin", "Requests that change data must come from this site's own pages.");
  }
}

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
