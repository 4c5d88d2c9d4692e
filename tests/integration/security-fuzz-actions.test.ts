import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { actionAccess, actionSamples, allowed, repoRoot, serverActionKeys, type SampleIds, type Visitor } from "../../e2e/helpers/access-table";
import { hostileTexts } from "../helpers/hostile-text";

// Hostile input against every server action (found by scanning for "use server" files; the
// inventory test in security-access-matrix.test.ts keeps the table complete). Each action is called
// as the least privileged role the table lets in, so input validation and the use case are what is
// tested. Never a thrown error, never the catch-all "unavailable" (the action twin of a 500),
// never a console.error, and a refused call writes nothing.

vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { signInAs } = await import("./security-session");
const { db } = await import("@/lib/db");
const { resetData, seedSampleRows, snapshotTables } = await import("../helpers/fixtures");

type Result = { ok: boolean; error?: { code: string; message: string } };
type Action = (input: unknown) => Promise<Result>;

// Which table each sample id belongs to.
const kind: Record<keyof SampleIds, string> = { user: "user", model: "model", otherModel: "model", promptSet: "promptSet", prompt: "prompt", campaign: "campaign", goldPair: "goldPair", apiToken: "apiToken", generationJob: "generationJob" };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Every field name any action takes, from the samples: a new action's fields join automatically.
const knownFields = [...new Set(Object.values(actionSamples).flatMap((sample) => Object.keys(sample(fakeIds(), "x"))))].sort();

function fakeIds(): SampleIds {
  return { user: randomUUID(), model: randomUUID(), otherModel: randomUUID(), promptSet: randomUUID(), prompt: randomUUID(), campaign: randomUUID(), goldPair: randomUUID(), apiToken: randomUUID(), generationJob: randomUUID() };
}

// Values no field accepts: no schema takes a negative number, null, a nested object, an array of
// non-ids, or a 20 000-character string. (Booleans and short strings are left out: some fields take them.)
const wrongValue = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: -1 }),
  fc.constant(null),
  fc.constant(Number.NaN),
  fc.constant(-Infinity),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 3 }),
  fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.object({ maxDepth: 1 })), { minLength: 1, maxLength: 4 }),
  fc.string({ minLength: 1, maxLength: 5 }).map((s) => s.repeat(Math.ceil(20_000 / s.length))),
);
// Inputs that are not an object with the right fields: primitives, arrays, and objects whose every
// known field holds a wrong value (plus prototype-pollution keys).
const invalidInput = fc.oneof(
  fc.oneof(fc.integer(), fc.string({ maxLength: 30 }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 })),
  fc.record(Object.fromEntries(knownFields.map((f) => [f, wrongValue]))),
  fc.record(Object.fromEntries(knownFields.map((f) => [f, wrongValue])), { requiredKeys: [] }).map((o) => JSON.parse(`{"__proto__":{"role":"admin","ok":true},"constructor":{"prototype":{"x":1}},${JSON.stringify(o).slice(1)}`.replace(/,}$/, "}"))),
);

// Text a person or a script might send: control characters (NUL included), lone surrogates, bidi
// overrides, markup, SQL, very long text within and beyond limits, only spaces. Each is tried in
// each text field on purpose (as fast-check examples), then random strings on top.
const hostileConstants = [
  ...hostileTexts,
  "\u2066iso\u2069",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "'; DROP TABLE users; --",
  "\t\n\r",
  "ＡＢＣ",
  "e\u0301",
  "🙂".repeat(60),
  "x".repeat(99),
  "x".repeat(101),
  "x".repeat(10_000),
  "__proto__",
];
const hostileText = fc.oneof(fc.constantFrom(...hostileConstants), fc.string({ unit: "binary", minLength: 1, maxLength: 40 }));

describe("hostile input against every server action", () => {
  const keys = serverActionKeys();
  const visitorIds: Partial<Record<Visitor, string>> = {};
  let ids: SampleIds;
  let errors: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    await resetData();
    const seeded = await seedSampleRows("fuzz");
    ids = seeded.ids;
    Object.assign(visitorIds, seeded.visitorIds);
  });

  afterEach(() => errors?.mockRestore());
  afterAll(async () => {
    await signInAs(null);
    await resetData();
  });

  it("finds the actions to attack", () => {
    expect(keys.length).toBeGreaterThanOrEqual(14);
    expect(keys.filter((k) => !actionSamples[k]), "actions without a sample in e2e/helpers/access-table.ts").toEqual([]);
  });

  for (const key of keys) {
    const name = key.split("#")[1]!;
    describe(name, () => {
      let action: Action;
      beforeAll(async () => {
        const [file, exportName] = key.split("#") as [string, string];
        action = ((await import(/* @vite-ignore */ path.join(repoRoot, file))) as Record<string, Action>)[exportName]!;
        // The least privileged role let in.
        const role = (["annotator", "researcher", "admin"] as const).find((r) => allowed(actionAccess[key] ?? "admin", r))!;
        await signInAs(visitorIds[role]!);
      });

      // Calls the action as a client would: it must answer, not throw.
      async function call(input: unknown): Promise<Result> {
        const result = await action(input);
        expect(result, `${name}(${JSON.stringify(input)?.slice(0, 200)})`).toHaveProperty("ok");
        return result;
      }

      it("wrong types, missing fields, huge values → invalid_input with a message, no write", async () => {
        errors = vi.spyOn(console, "error");
        const before = await snapshotTables();
        await fc.assert(
          fc.asyncProperty(invalidInput, async (input) => {
            const result = await call(input);
            const what = `${name}(${JSON.stringify(input)?.slice(0, 200)}) → ${JSON.stringify(result).slice(0, 300)}`;
            expect(result.ok, what).toBe(false);
            expect(result.error?.code, what).toBe("invalid_input");
            expect(result.error?.message.length, what).toBeGreaterThan(3);
          }),
          { numRuns: 40 },
        );
        expect(await snapshotTables(), `${name}: a refused call wrote`).toBe(before);
        expect(errors, "an unexpected error was logged").not.toHaveBeenCalled();
        // Prototype pollution did not reach the process.
        expect(({} as Record<string, unknown>).role).toBeUndefined();
      });

      it("unknown ids and ids of the wrong kind of row → refused with a message, no write", async () => {
        errors = vi.spyOn(console, "error");
        const template = actionSamples[key]!;
        const unique = randomBytes(4).toString("hex");
        const real = JSON.stringify(template(ids, unique));
        // Actions that name no existing row (create user, create token) have nothing to point elsewhere.
        if (JSON.stringify(template(fakeIds(), unique)) === real) return;
        // Every id replaced by a fresh UUID or by the id of a row of another kind (a user's id where a
        // model's is expected, and so on).
        const slots = Object.keys(ids) as (keyof SampleIds)[];
        const idsArb = fc.record(
          Object.fromEntries(slots.map((slot) => [slot, fc.oneof(fc.uuid({ version: 4 }), fc.constantFrom(...slots.filter((s) => kind[s] !== kind[slot]).map((s) => ids[s])))])),
        ) as fc.Arbitrary<SampleIds>;
        const before = await snapshotTables();
        let tried = 0;
        await fc.assert(
          fc.asyncProperty(idsArb, async (wrongIds) => {
            const input = template(wrongIds, unique);
            tried++;
            const result = await call(input);
            const what = `${name}(${JSON.stringify(input)}) → ${JSON.stringify(result)}`;
            expect(result.ok, what).toBe(false);
            expect(result.error?.code, what).not.toBe("unavailable");
            expect(result.error?.message.length, what).toBeGreaterThan(3);
          }),
          { numRuns: 25 },
        );
        expect(tried).toBeGreaterThan(0);
        expect(await snapshotTables(), `${name}: a refused call wrote`).toBe(before);
        expect(errors, "an unexpected error was logged").not.toHaveBeenCalled();
      });

      it("hostile text in every text field → accepted or refused with a message, never an internal error", async () => {
        errors = vi.spyOn(console, "error");
        const template = actionSamples[key]!;
        const textFields = (sample: Record<string, unknown>) => Object.keys(sample).filter((f) => typeof sample[f] === "string" || (Array.isArray(sample[f]) && typeof (sample[f] as unknown[])[0] === "string"));
        await fc.assert(
          fc.asyncProperty(hostileText, fc.nat(), async (text, pick) => {
            const sample = template(ids, randomBytes(4).toString("hex"));
            const fields = textFields(sample);
            const field = fields[pick % fields.length]!;
            const value = sample[field];
            // Names and emails keep a unique part so a duplicate is not what gets tested.
            const hostile = typeof value === "string" && !uuidPattern.test(value) && /\S{8}/.test(value) && field !== "role" && field !== "status" ? `${text}${value}` : text;
            const input = { ...sample, [field]: Array.isArray(value) ? [hostile, ...value.slice(1)] : hostile };
            const result = await call(input);
            const what = `${name}(${JSON.stringify(input).slice(0, 300)}) → ${JSON.stringify(result).slice(0, 300)}`;
            if (!result.ok) {
              expect(result.error?.code, what).not.toBe("unavailable");
              expect(result.error?.message.length, what).toBeGreaterThan(3);
            }
          }),
          { numRuns: 20, examples: hostileConstants.flatMap((t) => Array.from({ length: textFields(template(ids, "x")).length }, (_, i) => [t, i] as [string, number])) },
        );
        expect(errors, "an unexpected error was logged").not.toHaveBeenCalled();
      });
    });
  }
});
