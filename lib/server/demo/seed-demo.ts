import { readFile } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/server/users/create-user";
import { demoAccounts, demoPassword } from "./demo-accounts";
import { importPromptSet } from "@/lib/server/import/import-prompt-set";
import { parsePromptFile } from "@/lib/server/import/parse-prompt-file";

// ARENA_DEMO_FILE lets a deployment seed its own prompt file in the same format.
export const demoPromptFile = process.env.ARENA_DEMO_FILE ?? path.join(process.cwd(), "prisma", "demo", "prompts.jsonl");
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
  const parsed = await parsePromptFile(await readFile(demoPromptFile), "prompts.jsonl");
  if (parsed.errors.length > 0) {
    throw new Error(`The demo prompt file has errors: ${parsed.errors.map((e) => `line ${e.line}: ${e.message}`).join("; ")}`);
  }
  const result = await importPromptSet(demoSetName, parsed.rows);
  return { accounts: demoAccounts.length, prompts: result.prompts };
}
