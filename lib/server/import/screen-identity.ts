import type { IdentityDetector } from "@/lib/import/identity";
import type { FlaggedResponse } from "@/lib/import/preview";
import type { PromptRow } from "@/lib/validation/prompt-row";

// The responses of one row that reveal a model's identity, and the row as it would be imported when the
// admin drops them (null when fewer than two responses would remain: the prompt is dropped too).
export function screenIdentity(line: number, row: PromptRow, detect: IdentityDetector): { flags: FlaggedResponse[]; withoutFlagged: PromptRow | null } {
  const flags: FlaggedResponse[] = [];
  const kept: Record<string, string> = {};
  for (const [model, text] of Object.entries(row.responses)) {
    const match = detect(text);
    if (match) flags.push({ line, id: row.id, model, phrase: match.phrase });
    else kept[model] = text;
  }
  if (flags.length === 0) return { flags, withoutFlagged: row };
  return { flags, withoutFlagged: Object.keys(kept).length >= 2 ? { ...row, responses: kept } : null };
}
