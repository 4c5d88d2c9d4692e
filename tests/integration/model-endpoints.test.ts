import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { listModelEndpoints } from "@/lib/server/endpoints/list-endpoints";
import { deleteEndpoint, saveEndpoint } from "@/lib/server/endpoints/save-endpoint";
import { testEndpoint } from "@/lib/server/endpoints/test-endpoint";
import { saveEndpointSchema } from "@/lib/validation/endpoints";
import { FakeOpenAI } from "../helpers/fake-openai";
import { makeUser, resetData } from "../helpers/fixtures";

// Model endpoints: secrets encrypted at rest and never shown, logged or audited; URLs validated; the
// "test connection" call goes through the openai client to a local OpenAI-compatible server.
const secret = "sk-live-SECRET-0123456789abcdef";
const key = "a".repeat(64);
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await new FakeOpenAI().start();
});
afterAll(async () => {
  await fake.stop();
  await resetData();
});

describe("model endpoints", () => {
  let adminId = "";
  let modelId = "";
  beforeEach(async () => {
    await resetData();
    vi.stubEnv("ARENA_SECRET_KEY", key);
    adminId = (await makeUser("admin")).id;
    modelId = (await db.aiModel.create({ data: { key: "qamar-7b", displayName: "Qamar" } })).id;
    fake.queue = [];
    fake.fallback = "ok";
  });
  afterEach(() => vi.unstubAllEnvs());

  const base = () => ({ modelId, baseUrl: `${fake.baseUrl}/`, remoteModel: "remote-qamar", concurrency: 3, timeoutMs: 5000 });

  it("stores a secret encrypted (the stored bytes hold no trace of it) and uses it for requests", async () => {
    const logged: string[] = [];
    for (const method of ["log", "error", "warn", "info", "debug"] as const) vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args.map(String).join(" ")));
    await saveEndpoint(adminId, { ...base(), credential: { kind: "secret", secret } });
    const [row] = await db.$queryRaw<{ hex: string; whole: string }[]>`SELECT encode(api_key_secret, 'hex') AS hex, row_to_json(e)::text AS whole FROM model_endpoints e`;
    const bytes = Buffer.from(row!.hex, "hex");
    expect(bytes.length).toBe(12 + 16 + Buffer.byteLength(secret));
    for (const form of [secret, Buffer.from(secret).toString("hex"), Buffer.from(secret).toString("base64"), "SECRET"]) {
      expect(bytes.includes(Buffer.from(form)), form).toBe(false);
      expect(row!.whole.includes(form), form).toBe(false);
    }
    // The key decrypts it for the request: the fake server sees the bearer token.
    const result = await testEndpoint({ modelId });
    expect(result).toMatchObject({ ok: true, reply: expect.stringContaining("remote-qamar") });
    expect(fake.requests.at(-1)?.authorization).toBe(`Bearer ${secret}`);
    // Saving again with an empty secret keeps it; a failing call does not leak it either.
    await saveEndpoint(adminId, { ...base(), concurrency: 5, credential: { kind: "secret", secret: "" } });
    fake.queue = ["500"];
    const failed = await testEndpoint({ modelId });
    expect(failed).toMatchObject({ ok: false, code: "server_error", status: 500 });
    expect(fake.requests.at(-1)?.authorization).toBe(`Bearer ${secret}`);

    // Never on the page's data, the test result, the audit log or the logs.
    const everywhere = JSON.stringify([await listModelEndpoints(), result, failed, await db.auditLog.findMany()]) + logged.join("\n");
    expect(everywhere).not.toContain(secret);
    expect(everywhere).not.toContain("SECRET");
    expect((await listModelEndpoints()).find((m) => m.id === modelId)?.endpoint?.credential).toEqual({ kind: "secret", stored: true });
    const audit = await db.auditLog.findMany({ where: { action: "endpoint.saved" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]!.details).toMatchObject({ credential: "secret", remoteModel: "remote-qamar" });
  });

  it("refuses to store a secret without ARENA_SECRET_KEY, and cannot read it under another key", async () => {
    vi.stubEnv("ARENA_SECRET_KEY", "");
    await expect(saveEndpoint(adminId, { ...base(), credential: { kind: "secret", secret } })).rejects.toMatchObject({ code: "secret_key_missing" });
    expect(await db.modelEndpoint.count()).toBe(0);
    vi.stubEnv("ARENA_SECRET_KEY", key);
    await saveEndpoint(adminId, { ...base(), credential: { kind: "secret", secret } });
    vi.stubEnv("ARENA_SECRET_KEY", "b".repeat(64));
    expect(await testEndpoint({ modelId })).toMatchObject({ ok: false, code: "secret_unreadable" });
  });

  it("reads a credential from a named environment variable, never one of the app's own", async () => {
    vi.stubEnv("FAKE_LLM_KEY", "env-key-123");
    await saveEndpoint(adminId, { ...base(), credential: { kind: "env", name: "FAKE_LLM_KEY" }, systemPromptAr: "أجب بالعربية.", systemPromptEn: "Answer in English.", temperature: 0.3, maxTokens: 64 });
    expect(await testEndpoint({ modelId })).toMatchObject({ ok: true });
    const seen = fake.requests.at(-1)!;
    expect(seen.authorization).toBe("Bearer env-key-123");
    expect(seen.system).toBe("Answer in English.");
    expect(seen.body).toMatchObject({ model: "remote-qamar", temperature: 0.3, max_tokens: 16 });
    expect((await listModelEndpoints())[0]!.endpoint!.credential).toEqual({ kind: "env", name: "FAKE_LLM_KEY", present: true });
    for (const name of ["DATABASE_URL", "NEXTAUTH_SECRET", "ARENA_SECRET_KEY", "PGPASSWORD", "GITHUB_SECRET", "bad-name"]) {
      expect(saveEndpointSchema.safeParse({ ...base(), credential: { kind: "env", name } }).success, name).toBe(false);
    }
    vi.stubEnv("FAKE_LLM_KEY", "");
    expect(await testEndpoint({ modelId })).toMatchObject({ ok: false, code: "credential_missing" });
  });

  it("accepts http(s) base URLs only, internal hosts included, and no credentials, query or fragment in them", async () => {
    const parse = (baseUrl: string) => saveEndpointSchema.safeParse({ ...base(), baseUrl, credential: { kind: "none" } });
    expect(parse("http://127.0.0.1:8000/v1/").data?.baseUrl).toBe("http://127.0.0.1:8000/v1");
    expect(parse("https://llm.internal.example/v1").success).toBe(true);
    for (const bad of ["file:///etc/passwd", "ftp://host/v1", "javascript:alert(1)", "http://user:pw@host/v1", "http://host/v1?key=x", "http://host/v1#x", "127.0.0.1:8000", "", "gopher://host"]) {
      expect(parse(bad).success, bad).toBe(false);
    }
  });

  it("reports a connection that fails or times out as data, and removes an endpoint", async () => {
    await saveEndpoint(adminId, { ...base(), timeoutMs: 1000, credential: { kind: "none" } });
    fake.queue = ["hang"];
    expect(await testEndpoint({ modelId })).toMatchObject({ ok: false, code: "timeout" });
    fake.releaseHanging();
    await saveEndpoint(adminId, { ...base(), baseUrl: "http://127.0.0.1:9/v1", credential: { kind: "none" } });
    expect(await testEndpoint({ modelId })).toMatchObject({ ok: false, code: "connection" });
    await deleteEndpoint(adminId, { modelId });
    expect(await db.modelEndpoint.count()).toBe(0);
    await expect(testEndpoint({ modelId })).rejects.toMatchObject({ code: "not_found" });
  });
});
