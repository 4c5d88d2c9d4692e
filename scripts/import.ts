// Imports a prompt file from the command line through the same code path as the admin's web upload
// (stage → preview → commit, one transaction):
//   npm run import -- <file.jsonl|file.csv> --set <name> [--drop-flagged] [--dry-run]
// Prints the preview and the result as text, and one JSON line with the figures last. Exit code 0 on
// success, 1 when the file has errors (nothing is written), 2 on wrong usage.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb } from "@/lib/db";
import { databaseUrl } from "@/lib/server/env";
import { formatIssue } from "@/lib/import/format-issue";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import { AppError } from "@/lib/server/errors";
import { setNameSchema } from "@/lib/validation/import";

const usage = "Usage: npm run import -- <file.jsonl|file.csv> --set <name> [--drop-flagged] [--dry-run]";

const parseImportArgs = () =>
  parseArgs({ allowPositionals: true, options: { set: { type: "string" }, "drop-flagged": { type: "boolean" }, "dry-run": { type: "boolean" }, help: { type: "boolean" } } });

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseImportArgs>;
  try {
    parsed = parseImportArgs();
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const setName = setNameSchema.safeParse(values.set);
  if (positionals.length !== 1 || !setName.success) {
    console.error(usage);
    return 2;
  }
  try {
    databaseUrl();
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const file = positionals[0]!;
  const size = await stat(file).then((s) => s.size).catch(() => null);
  if (size === null) {
    console.error(`No such file: ${file}`);
    return 2;
  }

  const { preview, result } = await importPromptFile({
    body: createReadStream(file),
    fileName: path.basename(file),
    setName: setName.data,
    dropFlagged: !!values["drop-flagged"],
    dryRun: !!values["dry-run"],
  });
  const c = preview.changes;
  console.log(`${preview.fileName} → set "${preview.setName}" (${preview.setExists ? "existing" : "new"})`);
  console.log(`  prompts ${preview.prompts} (ar ${preview.languages.ar}, en ${preview.languages.en}), responses ${preview.responses}, models ${preview.models.map((m) => m.key).join(", ") || "none"}, categories ${preview.categoryCount}`);
  console.log(`  prompts new/changed/unchanged ${c.promptsNew}/${c.promptsChanged}/${c.promptsUnchanged}; responses ${c.responsesNew}/${c.responsesChanged}/${c.responsesUnchanged}`);
  console.log(`  duplicate ids ${preview.duplicateIds}, repeated prompt texts ${preview.duplicatePrompts}; text is stored as given, normalised to Unicode NFC`);
  if (preview.flagged.total > 0) {
    console.log(`  ${preview.flagged.total} response(s) reveal a model (${values["drop-flagged"] ? "dropped" : "kept; pass --drop-flagged to drop them"}):`);
    for (const f of preview.flagged.items) console.log(`    line ${f.line} [${f.id} / ${f.model}]: "${f.phrase}"`);
  }
  if (preview.errors.total > 0) {
    console.error(`${preview.errors.total} error(s); nothing was imported:`);
    for (const issue of preview.errors.items) console.error(`  ${formatIssue(issue)}`);
    if (preview.errors.total > preview.errors.items.length) console.error(`  … and ${preview.errors.total - preview.errors.items.length} more`);
  }
  if (result) {
    console.log(`Imported: prompts new ${result.promptsNew}, changed ${result.promptsChanged}, unchanged ${result.promptsUnchanged}; responses new ${result.responsesNew}, changed ${result.responsesChanged}, unchanged ${result.responsesUnchanged}; pair scores ${result.pairScores}; dropped ${result.responsesDropped} responses, ${result.promptsDropped} prompts.`);
  } else if (values["dry-run"] && preview.errors.total === 0) {
    console.log("Dry run: the file is valid; nothing was written.");
  }
  console.log(JSON.stringify({ ok: preview.errors.total === 0, dryRun: !!values["dry-run"], errors: preview.errors.total, flagged: preview.flagged.total, changes: c, result }));
  return preview.errors.total > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error instanceof AppError ? `Error: ${error.message}` : error);
  code = 1;
} finally {
  await closeDb();
}
process.exit(code);
