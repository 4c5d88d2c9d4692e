import { createReadStream } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/server/users/create-user";
import { demoAccounts, demoPassword } from "./demo-accounts";
import { formatIssue } from "@/lib/import/format-issue";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import { env } from "@/lib/server/env";

// ARENA_DEMO_FILE lets a deployment seed its own prompt file in the same format.
export const demoPromptFile = env("ARENA_DEMO_FILE") ?? path.join(process.cwd(), "prisma", "demo", "prompts.jsonl");
export const demoSetName = "Demo: Arabic & English";

// Idempotent: safe to run on every start. Creates the demo accounts and imports the demo prompt set.
export async function seedDemo(): Promise<{ accounts: number; prompts: number }> {
  const hash = await hashPassword(demoPassword);
  for (const account of demoAccounts) {
    await db.user.upsert({
      where: { email: account.email },
      update: {},
      create: { email: account.email, name: account.name, role: account.role, languages: account.languages, passwordHash: hash },
    });
  }
  // The same path as an admin's upload (stage → preview → commit), so the demo set gets pair scores too.
  const { preview, result } = await importPromptFile({ body: createReadStream(demoPromptFile), fileName: path.basename(demoPromptFile), setName: demoSetName });
  if (!result) {
    throw new Error(`The demo prompt file has errors: ${preview.errors.items.map((e) => formatIssue(e, "en")).join("; ")}`);
  }
  return { accounts: demoAccounts.length, prompts: result.prompts };
}
