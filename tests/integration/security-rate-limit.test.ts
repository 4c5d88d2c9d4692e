import { NextRequest } from "next/server";
import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// A real session cookie per user for the route-level tests below (see security-session.ts).
vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

const { signInAs } = await import("./security-session");
const { db } = await import("@/lib/db");
const { enforce, hit, RateLimitedError } = await import("@/lib/server/security/rate-limit");
const { voteLimits } = await import("@/lib/server/security/limits");
const { errorResponse } = await import("@/lib/server/auth/route");
const { issueBattle } = await import("@/lib/server/battles/issue-battle");
const { importMiniSet, makeUser, resetData } = await import("../helpers/fixtures");

describe("rate limits in Postgres", () => {
  beforeEach(async () => {
    await db.rateLimitBucket.deleteMany();
  });

  it("counts atomically under concurrency: exactly max of many parallel hits pass", async () => {
    // A window boundary may fall inside the burst: the previous window's hits still count (sliding
    // window), so exactly max pass either way, as long as the burst lasts under a minute.
    const limit = { key: "test:parallel", max: 25, windowSeconds: 3600 };
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, () => enforce([limit])));
    const passed = outcomes.filter((o) => o.status === "fulfilled").length;
    expect(passed).toBe(25);
    const rejected = outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason);
    for (const error of rejected) expect(error).toBeInstanceOf(RateLimitedError);
    const counts = (await hit([limit]))[0]!;
    expect(counts.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(counts.retryAfterSeconds).toBeLessThanOrEqual(2 * 3600);
  });

  it("checks several keys in one statement and keeps them separate", async () => {
    const [a, b] = await hit([
      { key: "test:a", max: 1, windowSeconds: 60 },
      { key: "test:b", max: 1, windowSeconds: 60 },
    ]);
    expect(a!.count).toBe(1);
    expect(b!.count).toBe(1);
    const [a2] = await hit([{ key: "test:a", max: 1, windowSeconds: 60 }]);
    expect(a2!.count).toBe(2);
    expect(await db.rateLimitBucket.count()).toBe(2);
  });

  it("starts a new window when the old one has passed", async () => {
    await db.rateLimitBucket.create({ data: { key: "test:old", windowStart: new Date("2000-01-01T00:00:00Z"), count: 999 } });
    const [r] = await hit([{ key: "test:old", max: 5, windowSeconds: 60 }]);
    expect(r!).toMatchObject({ count: 1, previousCount: 0, limited: false });
  });

  it("carries the previous window's count into the next one", async () => {
    const windowSeconds = 3600;
    // The window before the database clock's current one.
    const [{ start }] = await db.$queryRaw<{ start: Date }[]>`
      SELECT to_timestamp(floor(extract(epoch FROM clock_timestamp()) / ${windowSeconds}) * ${windowSeconds} - ${windowSeconds}) AS start`;
    await db.rateLimitBucket.create({ data: { key: "test:previous", windowStart: start, count: 7 } });
    const [r] = await hit([{ key: "test:previous", max: 5, windowSeconds }]);
    // Unless the clock crossed into yet another window in between, the 7 are the previous window's.
    if (r!.previousCount === 0) return expect(r!).toMatchObject({ count: 1, limited: false });
    expect(r!.count).toBe(1);
    expect(r!.previousCount).toBe(7);
    expect(r!.estimate).toBeGreaterThan(1);
    expect(r!.estimate).toBeLessThanOrEqual(8);
    expect(r!.limited).toBe(r!.estimate > 5);
  });

  it("answers 429 with Retry-After and the code rate_limited", async () => {
    const limit = { key: "test:http", max: 1, windowSeconds: 30 };
    await enforce([limit]);
    const error = await enforce([limit]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    const response = errorResponse(error);
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // At most the rest of this window and part of the next, where this window's hits still weigh.
    expect(retryAfter).toBeLessThanOrEqual(2 * 30);
    const body = await response.json();
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/Too many requests/);
  });

  it("reads limits from the environment, generous by default", () => {
    const [perUser, perIp] = voteLimits("u1", "127.0.0.1");
    expect(perUser!.max).toBeGreaterThanOrEqual(60);
    expect(perIp!.max).toBeGreaterThan(perUser!.max);
    process.env.ARENA_VOTE_RATE_PER_USER = "7";
    try {
      expect(voteLimits("u1", "127.0.0.1")[0]!.max).toBe(7);
    } finally {
      delete process.env.ARENA_VOTE_RATE_PER_USER;
    }
  });
});

// The limits wired into the real routes: voting per user and per address, sign-in per address
// across many emails (per email is covered over HTTP in e2e/hostile.spec.ts). Small limits and a
// day-long window (so no window boundary falls inside a test) are set through the environment.
describe("rate limits on the routes", () => {
  type Handler = (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
  const saved = { ...process.env };
  const address = () => `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
  let votes: Handler;

  beforeAll(async () => {
    await resetData();
    await importMiniSet();
    votes = ((await import("@/app/api/votes/route")) as unknown as Record<string, Handler>).POST!;
  });
  beforeEach(async () => {
    await db.rateLimitBucket.deleteMany();
    process.env.ARENA_VOTE_RATE_WINDOW_SECONDS = "86400";
    process.env.ARENA_SIGNIN_RATE_WINDOW_SECONDS = "86400";
  });
  afterEach(async () => {
    process.env = { ...saved };
    await signInAs(null);
  });

  async function vote(userId: string, ip: string): Promise<{ response: Response; battleId: string }> {
    await signInAs(userId);
    const user = (await db.user.findUniqueOrThrow({ where: { id: userId } })) as Parameters<typeof issueBattle>[0];
    const battle = (await issueBattle(user))!;
    const request = new Request("http://127.0.0.1/api/votes", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ battleId: battle.id, winner: "tie" }),
    });
    return { response: await votes(request, { params: Promise.resolve({}) }), battleId: battle.id };
  }

  async function expectLimited(response: Response) {
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/Too many requests/);
  }

  it("voting, per user: over the limit → 429 with Retry-After, and that vote is not recorded", async () => {
    process.env.ARENA_VOTE_RATE_PER_USER = "2";
    const annotator = await makeUser("annotator");
    for (let i = 0; i < 2; i++) expect((await vote(annotator.id, address())).response.status).toBe(200);
    // From yet another address: the user's own budget is spent.
    const third = await vote(annotator.id, address());
    await expectLimited(third.response);
    expect(await db.vote.count({ where: { battleId: third.battleId } })).toBe(0);
    // Someone else is not affected.
    expect((await vote((await makeUser("annotator")).id, address())).response.status).toBe(200);
  });

  it("voting, per address: many users behind one address share its limit; other addresses do not", async () => {
    process.env.ARENA_VOTE_RATE_PER_IP = "2";
    const ip = address();
    for (let i = 0; i < 2; i++) expect((await vote((await makeUser("annotator")).id, ip)).response.status).toBe(200);
    const limited = await vote((await makeUser("annotator")).id, ip);
    await expectLimited(limited.response);
    expect(await db.vote.count({ where: { battleId: limited.battleId } })).toBe(0);
    const elsewhere = ip.replace(/\d+$/, (n) => String((Number(n) % 250) + 1));
    expect((await vote((await makeUser("annotator")).id, elsewhere)).response.status).toBe(200);
  });

  it("sign-in, per address: guessing across many emails from one address → 429, with the url next-auth's client reads", async () => {
    process.env.ARENA_SIGNIN_RATE_PER_IP = "3";
    const { POST } = (await import("@/app/api/auth/[...nextauth]/route")) as unknown as Record<string, Handler>;
    const attempt = async (ip: string) => {
      const email = `guess-${randomBytes(4).toString("hex")}@test.local`;
      // A NextRequest, as Next hands route handlers.
      const request = new NextRequest("http://127.0.0.1/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
        body: new URLSearchParams({ email, password: "guess", csrfToken: "x", json: "true" }).toString(),
      });
      // Under the limit the request goes on to next-auth, which needs Next's request scope (here it
      // may throw): only the limiter in front of it is under test.
      const passed = "passed to next-auth" as const;
      return POST!(request, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) }).then(
        (response) => (response.status === 429 ? response : passed),
        () => passed,
      );
    };
    const ip = address();
    for (let i = 0; i < 3; i++) expect(await attempt(ip)).toBe("passed to next-auth");
    const limited = await attempt(ip);
    expect(limited).toBeInstanceOf(Response);
    await expectLimited((limited as Response).clone());
    expect(((await (limited as Response).json()) as { url: string }).url).toMatch(/\/signin\?error=rate_limited$/);
    // Another address still gets through to next-auth.
    expect(await attempt(ip.replace(/\d+$/, (n) => String((Number(n) % 250) + 1)))).toBe("passed to next-auth");
  });
});
