import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importPromptSet } from "@/lib/server/import/import-prompt-set";
import { parsePromptFile } from "@/lib/server/import/parse-prompt-file";
import { importMiniSet, resetData } from "../helpers/fixtures";

const counts = async () => ({ sets: await db.promptSet.count(), prompts: await db.prompt.count(), responses: await db.response.count(), models: await db.aiModel.count() });

describe("importing a prompt set", () => {
  beforeEach(resetData);

  it("writes prompts, responses and models, and a re-import changes nothing", async () => {
    const first = await importMiniSet("mini");
    expect(first).toMatchObject({ prompts: 4, promptsCreated: 4, responsesCreated: 12, promptsChanged: 0, responsesChanged: 0 });
    const before = await counts();
    expect(before).toEqual({ sets: 1, prompts: 4, responses: 12, models: 3 });
    const second = await importMiniSet("mini");
    expect(second).toMatchObject({ promptsCreated: 0, promptsChanged: 0, responsesCreated: 0, responsesChanged: 0 });
    expect(await counts()).toEqual(before);
  });

  it("reports a changed response as a change, not a duplicate", async () => {
    await importMiniSet("mini");
    const line = JSON.stringify({ id: "m-en-1", language: "en", category: "math", tags: ["culturally-agnostic"], prompt: "What is 7 × 8?", responses: { alpha: "7 × 8 = **56**.", beta: "Fifty-six.", gamma: "It is 54." } });
    const parsed = await parsePromptFile(Buffer.from(line), "x.jsonl");
    const result = await importPromptSet("mini", parsed.rows);
    expect(result).toMatchObject({ responsesChanged: 1, responsesCreated: 0, promptsChanged: 0 });
    expect(await db.response.count()).toBe(12);
  });

  it("reports line-numbered errors for bad rows", async () => {
    const lines = [
      JSON.stringify({ id: "ok", language: "en", category: "c", prompt: "p", responses: { a: "x", b: "y" } }),
      "{not json",
      JSON.stringify({ id: "fr", language: "fr", category: "c", prompt: "p", responses: { a: "x", b: "y" } }),
      JSON.stringify({ id: "one", language: "ar", category: "c", prompt: "p", responses: { a: "x" } }),
      JSON.stringify({ id: "ok", language: "en", category: "c", prompt: "p", responses: { a: "x", b: "y" } }),
    ].join("\n");
    const parsed = await parsePromptFile(Buffer.from(lines), "bad.jsonl");
    expect(parsed.errors.map((e) => [e.line, e.field])).toEqual([
      [2, "(row)"],
      [3, "language"],
      [4, "responses"],
      [5, "id"],
    ]);
    expect(parsed.rows).toHaveLength(1);
  });

  it("normalises text to NFC", async () => {
    const decomposed = "e\u0301"; // é as e + combining acute
    const parsed = await parsePromptFile(Buffer.from(JSON.stringify({ id: "n", language: "en", category: "c", prompt: decomposed, responses: { a: decomposed, b: "y" } })), "n.jsonl");
    expect(parsed.rows[0]!.prompt).toBe("\u00e9");
  });
});
