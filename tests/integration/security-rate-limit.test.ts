import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { enforce, hit, RateLimitedError } from "@/lib/server/security/rate-limit";
import { voteLimits } from "@/lib/server/security/limits";
import { errorResponse } from "@/lib/server/auth/route";

describe("rate limits in Postgres", () => {
  beforeEach(async () => {
    await db.rateLimitBucket.deleteMany();
  });

  it("counts atomically under concurrency: exactly max of many parallel hits pass", async () => {
    const limit = { key: "test:parallel", max: 25, windowSeconds: 60 };
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, () => enforce([limit])));
    const passed = outcomes.filter((o) => o.status === "fulfilled").length;
    // A window boundary could fall inside the burst; then a second window starts and more pass.
    expect(passed === 25 || passed === 50).toBe(true);
    const rejected = outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason);
    for (const error of rejected) expect(error).toBeInstanceOf(RateLimitedError);
    const counts = (await hit([limit]))[0]!;
    expect(counts.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(counts.retryAfterSeconds).toBeLessThanOrEqual(60);
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
    expect(r!.count).toBe(1);
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
    expect(retryAfter).toBeLessThanOrEqual(30);
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
