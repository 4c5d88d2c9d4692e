import "server-only";
import { env } from "@/lib/server/env";

// Size limit of an uploaded prompt file (ARENA_IMPORT_MAX_MB, default 200) and how uploads are staged.
export function maxUploadBytes(): number {
  return Math.floor(env("ARENA_IMPORT_MAX_MB") * 1024 * 1024);
}

// Staged bytes are stored in rows of this size: small enough to hold one at a time, large enough to keep
// the number of round trips low (a 100 MB file is 100 rows).
export const stagingChunkBytes = 1024 * 1024;

// Uploads not imported within this time (abandoned previews) are deleted.
export const stagedUploadLifetimeMs = 24 * 60 * 60 * 1000;

// Nil UUID recorded as the uploader of imports run from the command line or the demo seed.
export const systemUploaderId = "00000000-0000-0000-0000-000000000000";
