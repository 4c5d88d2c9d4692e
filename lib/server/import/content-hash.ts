import { createHash } from "node:crypto";
import type { PromptRow } from "@/lib/validation/prompt-row";

// sha256 of the NFC text: equal hashes mean an unchanged prompt or response on re-import.
export function contentHash(...parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part.normalize("NFC")).update("\u0000");
  return hash.digest("hex");
}

// Everything stored on the prompt row. The priority joins the hash only when given, so sets imported
// before priorities existed keep their hashes.
export function promptHash(row: PromptRow): string {
  const priority = row.priority === undefined ? [] : [String(row.priority)];
  return contentHash(row.language, row.category, row.tags.join("\u001f"), row.prompt, ...priority);
}

export const responseHash = (text: string) => contentHash(text);
