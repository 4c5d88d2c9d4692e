import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { commitUpload } from "@/lib/server/import/commit-upload";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import { previewUpload } from "@/lib/server/import/preview-upload";
import { purgeStaleUploads, stageUpload } from "@/lib/server/import/stage-upload";
import { systemUploaderId } from "@/lib/server/import/upload-limits";
import { AppError } from "@/lib/server/errors";
import { importMiniSet, resetData } from "../helpers/fixtures";

const examples = path.join(import.meta.dirname, "..", "..", "examples");
const counts = async () => ({
  sets: await db.promptSet.count(),
  prompts: await db.prompt.count(),
  responses: await db.response.count(),
  models: await db.aiModel.count(),
  pairScores: await db.pairScore.count(),
});
const stage = (content: string | Buffer, fileName = "upload.jsonl", setName = "s") =>
  stageUpload({ body: (async function* () { yield typeof content === "string" ? Buffer.from(content) : content; })(), fileName, setName, uploadedById: systemUploaderId });
const line = (o: Record<string, unknown>) => JSON.stringify({ language: "en", category: "c", tags: [], prompt: "p", ...o });

const clean = resetData;

describe("importing a prompt set", () => {
  beforeEach(clean);
  afterEach(() => {
    delete process.env.ARENA_IMPORT_MAX_MB;
  });

  it("stages, previews without writing, then commits prompts, responses, models and pair scores", async () => {
    const { uploadId } = await stageUpload({ body: (await import("node:fs")).createReadStream(path.join(examples, "prompts.jsonl")), fileName: "prompts.jsonl", setName: "examples", uploadedById: systemUploaderId });
    const preview = await previewUpload(uploadId);
    expect(preview).toMatchObject({ prompts: 3, responses: 8, languages: { ar: 1, en: 2 }, categoryCount: 3, setExists: false, errors: { total: 0 }, withPriority: 1 });
    expect(preview.models.map((m) => [m.key, m.responses, m.existing])).toEqual([["model-a", 3, false], ["model-b", 3, false], ["model-c", 2, false]]);
    expect(preview.changes).toMatchObject({ promptsNew: 3, responsesNew: 8, promptsChanged: 0 });
    expect(await counts()).toEqual({ sets: 0, prompts: 0, responses: 0, models: 0, pairScores: 0 });

    const result = await commitUpload(uploadId, { dropFlagged: false, actorId: null });
    expect(result).toMatchObject({ prompts: 3, promptsNew: 3, responsesNew: 8, pairScores: 3 + 3 + 1 });
    expect(await counts()).toEqual({ sets: 1, prompts: 3, responses: 8, models: 3, pairScores: 7 });
    // Pairs ordered by model id as battles are; scores within 0..1.
    for (const s of await db.pairScore.findMany()) {
      expect(s.modelLowId < s.modelHighId).toBe(true);
      expect(s.dissimilarity).toBeGreaterThanOrEqual(0);
      expect(s.dissimilarity).toBeLessThanOrEqual(1);
    }
    expect((await db.prompt.findFirst({ where: { externalId: "ex-ar-1" } }))!.priority).toBe(0.9);
    // Staged bytes are gone; the audit log has the commit.
    expect(await db.importUploadChunk.count({ where: { uploadId } })).toBe(0);
    expect(await db.auditLog.findMany({ select: { action: true, target: true } })).toEqual([{ action: "import.commit", target: "examples" }]);
    await expect(commitUpload(uploadId, { dropFlagged: false, actorId: null })).rejects.toMatchObject({ code: "already_imported" });
  });

  it("re-importing the same file changes nothing, and a changed response is reported as a change", async () => {
    await importMiniSet("mini");
    const before = await counts();
    expect(before).toEqual({ sets: 1, prompts: 4, responses: 12, models: 3, pairScores: 12 });
    const again = await importMiniSet("mini");
    expect(again).toMatchObject({ promptsNew: 0, promptsChanged: 0, promptsUnchanged: 4, responsesNew: 0, responsesChanged: 0, responsesUnchanged: 12 });
    expect(await counts()).toEqual(before);

    const changed = line({ id: "m-en-1", category: "math", tags: ["culturally-agnostic"], prompt: "What is 7 × 8?", responses: { alpha: "7 × 8 = **56**.", beta: "Fifty-six.", gamma: "It is 54." } });
    const { preview, result } = await importPromptFile({ body: Buffer.from(changed), fileName: "x.jsonl", setName: "mini" });
    expect(preview.changes).toMatchObject({ promptsUnchanged: 1, responsesChanged: 1, responsesUnchanged: 2, responsesNew: 0 });
    expect(result).toMatchObject({ responsesChanged: 1, responsesNew: 0, promptsChanged: 0 });
    expect(await counts()).toEqual(before);
    expect((await db.response.findFirst({ where: { text: "Fifty-six." } }))).not.toBeNull();
  });

  it("a failure midway leaves the database as it was", async () => {
    await importMiniSet("existing");
    const before = await counts();
    const auditBefore = await db.auditLog.count();
    const rows = Array.from({ length: 2500 }, (_, i) => line({ id: `p${i}`, prompt: `Prompt ${i}`, responses: { x: `answer ${i}`, y: `reply ${i}` } })).join("\n");
    const { uploadId } = await stage(rows, "big.jsonl", "big");
    await previewUpload(uploadId);
    const failure = new Error("injected failure after the first batch");
    await expect(
      commitUpload(uploadId, { dropFlagged: false, actorId: null, onRowsWritten: (n) => { if (n >= 1000) throw failure; } }),
    ).rejects.toBe(failure);
    expect(await counts()).toEqual(before);
    expect(await db.promptSet.findUnique({ where: { name: "big" } })).toBeNull();
    expect(await db.auditLog.count()).toBe(auditBefore);
    // The upload is still staged and can be committed afterwards.
    const result = await commitUpload(uploadId, { dropFlagged: false, actorId: null });
    expect(result.promptsNew).toBe(2500);
  });

  it("CSV and JSONL give the same result", async () => {
    const jsonl = await importPromptFile({ body: await readFile(path.join(examples, "prompts.jsonl")), fileName: "prompts.jsonl", setName: "same" });
    const stored = async () =>
      (await db.prompt.findMany({ include: { responses: { include: { model: true } } }, orderBy: { externalId: "asc" } })).map((p) => ({
        id: p.externalId, language: p.language, category: p.category, tags: p.tags, text: p.text, priority: p.priority, hash: p.contentHash,
        responses: p.responses.map((r) => [r.model.key, r.text, r.contentHash]).sort(),
      }));
    const fromJsonl = await stored();
    const csv = await importPromptFile({ body: await readFile(path.join(examples, "prompts.csv")), fileName: "prompts.csv", setName: "same" });
    expect(csv.preview.changes).toMatchObject({ promptsUnchanged: 3, responsesUnchanged: 8, promptsNew: 0, promptsChanged: 0, responsesNew: 0, responsesChanged: 0 });
    expect(csv.result).toMatchObject({ promptsNew: 0, promptsChanged: 0, responsesNew: 0, responsesChanged: 0 });
    const comparable = (p: typeof csv.preview) => ({ ...p, fileName: "", format: "", sizeBytes: 0, setExists: false, changes: null, models: p.models.map((m) => [m.key, m.responses]) });
    expect(comparable(csv.preview)).toEqual(comparable(jsonl.preview));
    expect(await stored()).toEqual(fromJsonl);
  });

  it("reports each problem with its line and field, and imports nothing", async () => {
    const { preview, result } = await importPromptFile({ body: await readFile(path.join(examples, "prompts-broken.jsonl")), fileName: "broken.jsonl", setName: "broken" });
    expect(result).toBeNull();
    expect(preview.errors.items.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, "", "invalid_json"],
      [3, "language", "language_invalid"],
      [4, "responses", "too_few_responses"],
      [5, "id", "duplicate_id"],
      [6, "prompt", "required"],
    ]);
    expect(preview.duplicateIds).toBe(1);
    expect(await counts()).toEqual({ sets: 0, prompts: 0, responses: 0, models: 0, pairScores: 0 });
    expect(await db.importUpload.count()).toBe(0);

    const csv = await importPromptFile({ body: Buffer.from("id,language,category,prompt,response:a,response:b\n1,en,c,p,x,y\n2,de,c,p,x,\n3,en,c,p,x,y,z\n"), fileName: "b.csv", setName: "broken" });
    expect(csv.preview.errors.items.map((e) => [e.line, e.field, e.code])).toEqual([
      [3, "language", "language_invalid"],
      [3, "responses", "too_few_responses"],
      [4, "", "csv_column_count"],
    ]);
  });

  it("reports deeply nested JSON on a line as a line-numbered error instead of overflowing the stack", async () => {
    const depth = 200_000;
    const nested = "[".repeat(depth) + "]".repeat(depth);
    const deep = (field: string) => `{"id":"${field}","language":"en","category":"c","prompt":"p","responses":{"a":"x","b":"y"},"${field}":${nested}}`;
    const file = [
      line({ id: "ok", responses: { a: "x", b: "y" } }),
      deep("tags"),
      deep("category"),
      `{"id":"r","language":"en","category":"c","prompt":"p","responses":{"a":"x","b":${nested}}}`,
      deep("extra"),
    ].join("\n");
    const { uploadId } = await stage(file);
    const preview = await previewUpload(uploadId);
    expect(preview.errors.items.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, "tags.0", "wrong_type"],
      [3, "category", "wrong_type"],
      [4, "responses.b", "wrong_type"],
    ]);
    expect(preview.errors.items[0]!.params!.value).toBe(`${"[".repeat(40)}…`);
    // An unknown field is ignored however deep it is; that line is a prompt like the first.
    expect(preview.prompts).toBe(2);
    // The preview is stored, so the preview page can show it.
    expect((await db.importUpload.findUniqueOrThrow({ where: { id: uploadId } })).preview).toMatchObject({ errors: { total: 3 } });
  });

  it("refuses a commit while the preview has errors", async () => {
    const { uploadId } = await stage(line({ id: "1", responses: { a: "x" } }));
    await previewUpload(uploadId);
    const error = await commitUpload(uploadId, { dropFlagged: false, actorId: null }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 422, code: "has_errors" });
  });

  it("names wrong encodings, empty files and unknown formats", async () => {
    const issue = async (content: Buffer, fileName = "f.jsonl") => (await previewUpload((await stage(content, fileName)).uploadId)).errors.items;
    expect(await issue(Buffer.from("\uFEFF" + line({ id: "bom", responses: { a: "x", b: "y" } })))).toEqual([]);
    expect(await issue(Buffer.from("\uFEFFid,language\n", "utf16le"), "f.csv")).toEqual([{ line: 0, field: "", code: "utf16", params: { variant: "UTF-16 LE" } }]);
    expect(await issue(Buffer.from('{"id":"1"}', "utf16le"))).toEqual([{ line: 0, field: "", code: "utf16", params: { variant: "UTF-16 LE" } }]);
    const latin1 = Buffer.concat([Buffer.from(line({ id: "a", responses: { a: "x", b: "y" } }) + "\n"), Buffer.from(line({ id: "b", prompt: "café", responses: { a: "x", b: "y" } }), "latin1")]);
    expect(await issue(latin1)).toEqual([{ line: 2, field: "", code: "not_utf8", params: { line: 2 } }]);
    expect(await issue(Buffer.alloc(0))).toEqual([{ line: 0, field: "", code: "empty_file" }]);
    expect(await issue(Buffer.from("\n \n"), "f.csv")).toEqual([{ line: 0, field: "", code: "empty_file" }]);
    await expect(stage("x", "prompts.xlsx")).rejects.toMatchObject({ status: 415, code: "unknown_format" });
  });

  it("refuses files over the size limit with 413 and keeps nothing staged", async () => {
    process.env.ARENA_IMPORT_MAX_MB = "1";
    const big = Buffer.alloc(1024 * 1024 + 1, "a");
    await expect(stage(big)).rejects.toMatchObject({ status: 413, code: "too_large" });
    await expect(stageUpload({ body: (async function* () {})(), fileName: "f.jsonl", setName: "s", uploadedById: systemUploaderId, declaredBytes: 5 * 1024 * 1024 })).rejects.toMatchObject({ status: 413 });
    expect(await db.importUpload.count()).toBe(0);
    expect(await db.importUploadChunk.count()).toBe(0);
  });

  it("refuses a body shorter than its declared length (a cut upload) and keeps nothing staged", async () => {
    const body = Buffer.from(line({ id: "1", responses: { a: "x", b: "y" } }));
    const cut = stageUpload({ body: (async function* () { yield body; })(), fileName: "f.jsonl", setName: "s", uploadedById: systemUploaderId, declaredBytes: body.length + 1 });
    await expect(cut).rejects.toMatchObject({ status: 400, code: "upload_incomplete", details: { received: body.length, declared: body.length + 1 } });
    expect(await db.importUpload.count()).toBe(0);
    expect(await db.importUploadChunk.count()).toBe(0);
    const whole = await stageUpload({ body: (async function* () { yield body; })(), fileName: "f.jsonl", setName: "s", uploadedById: systemUploaderId, declaredBytes: body.length });
    expect(whole.sizeBytes).toBe(body.length);
  });

  it("flags responses that reveal their model and drops them when asked", async () => {
    const content = [
      line({ id: "a", responses: { "qamar-7b": "I am Qamar, an assistant.", other: "Hello.", third: "Hi there." } }),
      line({ id: "b", responses: { "qamar-7b": "As an OpenAI model I cannot.", other: "أنا نموذج جيس." } }),
      line({ id: "c", prompt: "القمر", responses: { "qamar-7b": "القمر جميل الليلة.", other: "نعم." } }),
    ].join("\n");
    const { uploadId } = await stage(content, "f.jsonl", "flags");
    const preview = await previewUpload(uploadId);
    expect(preview.flagged.items.map((f) => [f.line, f.id, f.model])).toEqual([[1, "a", "qamar-7b"], [2, "b", "qamar-7b"], [2, "b", "other"]]);
    expect(preview.flagged).toMatchObject({ total: 3, promptsDropped: 1, responsesDropped: 3 });
    const result = await commitUpload(uploadId, { dropFlagged: true, actorId: null });
    expect(result).toMatchObject({ prompts: 2, promptsDropped: 1, responsesDropped: 3, responses: 4 });
    expect((await db.prompt.findMany({ select: { externalId: true }, orderBy: { externalId: "asc" } })).map((p) => p.externalId)).toEqual(["a", "c"]);
  });

  it("stores text exactly as given apart from NFC normalisation", async () => {
    const decomposed = "e\u0301 ﻻ  two  spaces\n";
    await importPromptFile({ body: Buffer.from(line({ id: "n", prompt: decomposed, responses: { a: decomposed, b: "y" } })), fileName: "n.jsonl", setName: "nfc" });
    const prompt = await db.prompt.findFirstOrThrow({ include: { responses: true } });
    expect(prompt.text).toBe(decomposed.normalize("NFC"));
    expect(prompt.text.startsWith("\u00e9")).toBe(true);
    expect(prompt.responses.map((r) => r.text)).toContain(decomposed.normalize("NFC"));
  });

  it("purges staged uploads older than a day", async () => {
    const { uploadId } = await stage(line({ id: "1", responses: { a: "x", b: "y" } }));
    await db.importUpload.update({ where: { id: uploadId }, data: { createdAt: new Date(Date.now() - 25 * 3600 * 1000) } });
    expect(await purgeStaleUploads()).toBe(1);
    expect(await db.importUploadChunk.count()).toBe(0);
  });
});
