import { createHash } from "node:crypto";

// sha256 of the NFC text: equal hashes mean an unchanged prompt or response on re-import.
export function contentHash(...parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part.normalize("NFC")).update("\u0000");
  return hash.digest("hex");
}
