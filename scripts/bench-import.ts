// `npm run bench:import [-- --prompts 20000 --models 6]`: generates a JSONL prompt file (half Arabic, responses
// of ~300–1500 characters) in a temp dir and imports it into a throwaway Postgres database through the same
// code path as the web upload (stage → preview → commit). Run it twice — 20,000 and 5,000 prompts — to see
// that peak memory does not grow with the file. Prints one JSON line with the figures. Target: < 60 s total
// for 20,000 × 6.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTestDatabase } from "../tests/setup/test-database";

const { values } = parseArgs({ options: { prompts: { type: "string", default: "20000" }, models: { type: "string", default: "6" }, seed: { type: "string", default: "1" } } });
const promptCount = Number(values.prompts);
const modelCount = Number(values.models);

// Deterministic pseudo-random text (mulberry32), Arabic or English words.
let state = Number(values.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const english = "the answer depends on context and several factors including history culture economy language science data model city river market family school health water energy policy research system example first second however therefore because which would could should important different common result process method value".split(" ");
const arabic = "الإجابة تعتمد على السياق وعدة عوامل منها التاريخ والثقافة والاقتصاد واللغة والعلم والبيانات والمدينة والنهر والسوق والأسرة والمدرسة والصحة والماء والطاقة والسياسة والبحث والنظام مثال أولا ثانيا لكن لذلك لأن التي الذي مهم مختلف شائع نتيجة طريقة قيمة".split(" ");
function text(words: string[], min: number, max: number): string {
  const target = min + Math.floor(random() * (max - min));
  const parts: string[] = [];
  let length = 0;
  while (length < target) {
    const w = words[Math.floor(random() * words.length)]!;
    parts.push(w);
    length += w.length + 1;
    if (random() < 0.08) parts.push(random() < 0.5 ? ".\n\n" : ",");
  }
  return parts.join(" ");
}

const dir = await mkdtemp(path.join(tmpdir(), "arena-bench-import-"));
const file = path.join(dir, "prompts.jsonl");
const models = Array.from({ length: modelCount }, (_, i) => `bench-model-${i + 1}`);
const generateStart = performance.now();
await new Promise<void>((resolve, reject) => {
  const out = createWriteStream(file);
  out.on("error", reject);
  let i = 0;
  const write = () => {
    let ok = true;
    while (i < promptCount && ok) {
      const lang = i % 2 === 0 ? "ar" : "en";
      const words = lang === "ar" ? arabic : english;
      const responses = Object.fromEntries(models.map((m) => [m, text(words, 300, 1500)]));
      ok = out.write(`${JSON.stringify({ id: `bench-${i}`, language: lang, category: `cat-${i % 12}`, tags: [lang === "ar" ? "culturally-sensitive" : "culturally-agnostic"], prompt: `${i}: ${text(words, 40, 300)}`, responses })}\n`);
      i++;
    }
    if (i < promptCount) out.once("drain", write);
    else out.end(resolve);
  };
  write();
});
const generateMs = performance.now() - generateStart;
const fileBytes = (await stat(file)).size;

const database = await createTestDatabase("arena_bench");
process.env.DATABASE_URL = database.url;
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
try {
  const { db, closeDb } = await import("@/lib/db");
  const { stageUpload } = await import("@/lib/server/import/stage-upload");
  const { previewUpload } = await import("@/lib/server/import/preview-upload");
  const { commitUpload } = await import("@/lib/server/import/commit-upload");
  const { systemUploaderId } = await import("@/lib/server/import/upload-limits");
  const rssBefore = process.memoryUsage().rss;

  const t0 = performance.now();
  const { uploadId } = await stageUpload({ body: createReadStream(file, { highWaterMark: 256 * 1024 }), fileName: "prompts.jsonl", setName: "bench", uploadedById: systemUploaderId });
  const t1 = performance.now();
  const preview = await previewUpload(uploadId);
  const t2 = performance.now();
  if (preview.errors.total > 0) throw new Error(`Generated file has errors: ${JSON.stringify(preview.errors.items.slice(0, 3))}`);
  const result = await commitUpload(uploadId, { dropFlagged: false, actorId: null });
  const t3 = performance.now();
  clearInterval(sampler);
  const counts = { prompts: await db.prompt.count(), responses: await db.response.count(), pairScores: await db.pairScore.count() };
  await closeDb();
  console.log(
    JSON.stringify({
      prompts: promptCount,
      models: modelCount,
      fileMB: +(fileBytes / 1024 / 1024).toFixed(1),
      generateS: +(generateMs / 1000).toFixed(2),
      stageS: +((t1 - t0) / 1000).toFixed(2),
      previewS: +((t2 - t1) / 1000).toFixed(2),
      commitS: +((t3 - t2) / 1000).toFixed(2),
      totalS: +((t3 - t0) / 1000).toFixed(2),
      flagged: preview.flagged.total,
      imported: counts,
      resultPairScores: result.pairScores,
      rssBeforeMB: Math.round(rssBefore / 1024 / 1024),
      peakRssMB: Math.round(peakRss / 1024 / 1024),
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  clearInterval(sampler);
  await database.drop();
  await rm(dir, { recursive: true, force: true });
}
