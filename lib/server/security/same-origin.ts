import "server-only";
import { AppError } from "@/lib/server/errors";
import { crossOriginMessage, isSameOrigin } from "./origin";

// Requests that change state must come from this site's own pages, and in a type that an HTML form
// on another site cannot send. SameSite=Lax cookies alone do not stop a page on a sibling host (same
// site, other origin), and a cross-origin form or text/plain fetch carries the cookie.
//
// The content type: JSON (or, for the file upload, a file type). Forms send only text/plain,
// application/x-www-form-urlencoded or multipart/form-data; any other type from another origin
// needs a CORS preflight, which this app never grants.
//
// The origin: isSameOrigin (./origin.ts).
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
    throw new AppError(403, "cross_origin", crossOriginMessage);
  }
}
