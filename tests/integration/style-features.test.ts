// Style features of responses: computed and stored at import, recomputed when a response changes, and filled in
// for rows stored before the columns existed by an idempotent backfill.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { styleFeatures } from "@/lib/ratings/style-features";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import { backfillStyleFeatures } from "@/lib/server/import/style-features";
import { resetData } from "../helpers/fixtures";

const formatted = "# Plan\n\n1. **First** step\n2. Second step\n- note\n\n```\n# not a header\n```\nDone.";
const plain = "Just a short answer.";
const line = (responses: Record<string, string>) =>
  JSON.stringify({ id: "sf-1", language: "en", category: "c", tags: [], prompt: "Plan my day", responses });
const stored = async () =>
  (await db.response.findMany({ include: { model: { select: { key: true } } }, orderBy: { text: "asc" } })).map((r) => ({
    key: r.model.key,
    text: r.text,
    features: { tokens: r.styleTokens, headers: r.styleHeaders, lists: r.styleLists, bold: r.styleBold },
  }));

describe("response style features", () => {
  beforeEach(resetData);

  it("are stored at import with FastChat's markdown counts and recomputed when a response changes", async () => {
    await importPromptFile({ body: Buffer.from(line({ fmt: formatted, plain })), fileName: "a.jsonl", setName: "style" });
    const byKey = Object.fromEntries((await stored()).map((r) => [r.key, r.features]));
    expect(byKey.fmt).toEqual({ ...styleFeatures(formatted), headers: 1, lists: 3, bold: 1 });
    expect(byKey.plain).toEqual({ tokens: 5, headers: 0, lists: 0, bold: 0 });

    await importPromptFile({ body: Buffer.from(line({ fmt: formatted, plain: "**Now** bold." })), fileName: "b.jsonl", setName: "style" });
    const changed = (await stored()).find((r) => r.key === "plain")!;
    expect(changed.features).toMatchObject({ bold: 1, tokens: styleFeatures("**Now** bold.").tokens });
  });

  it("backfill fills rows without features and is idempotent", async () => {
    await importPromptFile({ body: Buffer.from(line({ fmt: formatted, plain })), fileName: "a.jsonl", setName: "style" });
    const expected = await stored();
    // Rows as they were before the migration: no features.
    await db.$executeRaw`UPDATE responses SET style_tokens = NULL, style_headers = NULL, style_lists = NULL, style_bold = NULL`;
    expect((await stored()).every((r) => r.features.tokens === null)).toBe(true);

    expect(await backfillStyleFeatures(db, 1)).toBe(2); // batches of one: the loop goes on until none is left
    expect(await stored()).toEqual(expected);
    expect(await backfillStyleFeatures(db)).toBe(0);
    expect(await stored()).toEqual(expected);
  });
});
