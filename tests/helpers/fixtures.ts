import { readFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { formatIssue } from "@/lib/import/format-issue";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import type { CurrentUser } from "@/lib/server/auth/session";
import type { Role } from "@/lib/validation/auth";

export const miniSetFile = path.join(import.meta.dirname, "..", "fixtures", "mini-set.jsonl");

export async function importMiniSet(setName = `mini-${randomBytes(3).toString("hex")}`) {
  const { preview, result } = await importPromptFile({ body: await readFile(miniSetFile), fileName: "mini-set.jsonl", setName });
  if (!result) throw new Error(preview.errors.items.map((e) => formatIssue(e)).join("; "));
  return result;
}

export async function makeUser(role: Role = "annotator", languages: ("ar" | "en")[] = ["ar", "en"]): Promise<CurrentUser> {
  const user = await db.user.create({
    data: { email: `${role}-${randomBytes(4).toString("hex")}@test.local`, role, languages },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role, languages: user.languages, uiLocale: user.uiLocale };
}

// Removes all prompt data and votes so each test file starts from a known state.
export async function resetData() {
  await db.vote.deleteMany();
  await db.battle.deleteMany();
  await db.response.deleteMany();
  await db.prompt.deleteMany();
  await db.promptSet.deleteMany();
  await db.aiModel.deleteMany();
  await db.user.deleteMany();
}
