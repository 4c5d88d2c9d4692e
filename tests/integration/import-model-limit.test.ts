import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { issueMessage } from "@/lib/import/format-issue";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import { resetData } from "../helpers/fixtures";

// A small file naming many models used to stall the app (the scheduler's state grew with models²): an
// import may name at most ARENA_IMPORT_MAX_MODELS models (default 200), checked at preview, for the whole file.
const file = (prompts: number, modelsPerPrompt: number) =>
  Buffer.from(
    Array.from({ length: prompts }, (_, k) =>
      JSON.stringify({
        id: `p${k}`,
        language: "en",
        category: "c",
        prompt: `prompt ${k}`,
        responses: Object.fromEntries(Array.from({ length: modelsPerPrompt }, (_, m) => [`model-${k * modelsPerPrompt + m}`, `answer ${m}`])),
      }),
    ).join("\n"),
  );

describe("import model limit", () => {
  beforeEach(resetData);
  afterEach(() => {
    delete process.env.ARENA_IMPORT_MAX_MODELS;
  });

  it("refuses a file naming more models than the default limit of 200, as a whole-file error, writing nothing", async () => {
    // One prompt answered by 202 new models: a ~10 KB file.
    const { preview, result } = await importPromptFile({ body: file(1, 202), fileName: "many.jsonl", setName: "many" });
    expect(result).toBeNull();
    expect(preview.errors.total).toBe(1);
    expect(preview.errors.items).toEqual([{ line: 0, field: "", code: "too_many_models", params: { models: 202, max: 200 } }]);
    expect(await db.aiModel.count()).toBe(0);
    expect(await db.prompt.count()).toBe(0);
    // A clear message in both languages.
    expect(issueMessage(preview.errors.items[0]!, "en")).toBe("The file names 202 models; one import may name at most 200 (ARENA_IMPORT_MAX_MODELS). Split it into smaller sets.");
    expect(issueMessage(preview.errors.items[0]!, "ar")).toContain("202");
    expect(issueMessage(preview.errors.items[0]!, "ar")).toContain("200");
  });

  it("takes the limit from ARENA_IMPORT_MAX_MODELS and imports a file at the limit", async () => {
    process.env.ARENA_IMPORT_MAX_MODELS = "6";
    expect((await importPromptFile({ body: file(4, 2), fileName: "over.jsonl", setName: "over" })).preview.errors.items[0]).toMatchObject({ code: "too_many_models", params: { models: 8, max: 6 } });
    const { result } = await importPromptFile({ body: file(3, 2), fileName: "at.jsonl", setName: "at" });
    expect(result?.prompts).toBe(3);
    expect(await db.aiModel.count()).toBe(6);
  });
});
