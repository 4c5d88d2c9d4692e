import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// A real session cookie per user for the route (see security-session.ts).
vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

const { signInAs } = await import("./security-session");
const { db } = await import("@/lib/db");
const { skipLimits } = await import("@/lib/server/security/limits");
const { issueBattle } = await import("@/lib/server/battles/issue-battle");
const { importMiniSet, makeUser, resetData } = await import("../helpers/fixtures");

type Handler = (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;

// Skipping is how an annotator would hunt for a battle of their choosing: POST /api/battles/[id]/skip is
// limited per annotator (ARENA_SKIP_RATE_PER_USER skips per ARENA_SKIP_RATE_WINDOW_SECONDS).
describe("skip rate limit", () => {
  const saved = { ...process.env };
  let skipRoute: Handler;

  beforeAll(async () => {
    await resetData();
    await importMiniSet();
    skipRoute = ((await import("@/app/api/battles/[id]/skip/route")) as unknown as Record<string, Handler>).POST!;
  });
  beforeEach(async () => {
    await db.rateLimitBucket.deleteMany();
    // A day-long window, so no window boundary falls inside the test.
    process.env.ARENA_SKIP_RATE_WINDOW_SECONDS = "86400";
  });
  afterEach(async () => {
    process.env = { ...saved };
    await signInAs(null);
  });

  async function skipNext(userId: string): Promise<{ response: Response; battleId: string }> {
    await signInAs(userId);
    const user = (await db.user.findUniqueOrThrow({ where: { id: userId } })) as Parameters<typeof issueBattle>[0];
    const battle = (await issueBattle(user))!;
    const request = new Request(`http://127.0.0.1/api/battles/${battle.id}/skip`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://127.0.0.1", "sec-fetch-site": "same-origin" },
      body: "{}",
    });
    return { response: await skipRoute(request, { params: Promise.resolve({ id: battle.id }) }), battleId: battle.id };
  }

  it("has a documented default and reads the environment", () => {
    delete process.env.ARENA_SKIP_RATE_WINDOW_SECONDS;
    expect(skipLimits("u1")[0]).toMatchObject({ key: "skip:user:u1", max: 30, windowSeconds: 3600 });
    process.env.ARENA_SKIP_RATE_PER_USER = "5";
    expect(skipLimits("u1")[0]!.max).toBe(5);
  });

  it("answers 429 rate_limited with Retry-After past the limit, and leaves that battle unskipped", async () => {
    process.env.ARENA_SKIP_RATE_PER_USER = "3";
    const annotator = await makeUser("annotator");
    for (let i = 0; i < 3; i++) expect((await skipNext(annotator.id)).response.status).toBe(200);
    const fourth = await skipNext(annotator.id);
    expect(fourth.response.status).toBe(429);
    expect(Number(fourth.response.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(((await fourth.response.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await db.battle.findUniqueOrThrow({ where: { id: fourth.battleId } })).skippedAt).toBeNull();
    expect(await db.battle.count({ where: { annotatorId: annotator.id, skippedAt: { not: null } } })).toBe(3);
    // Someone else's budget is their own.
    expect((await skipNext((await makeUser("annotator")).id)).response.status).toBe(200);
  });
});
