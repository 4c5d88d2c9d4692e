import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearSchedulerCache } from "@/lib/server/battles/scheduler-state";
import { demoLiveCampaignName, seedDemo } from "@/lib/server/demo/seed-demo";
import { activeLiveCampaign, startLiveBattle } from "@/lib/server/live/live-battles";
import { runLiveTurn } from "@/lib/server/live/stream-turn";
import type { LiveEvent } from "@/lib/validation/live";
import { startDemoGenerator } from "../../scripts/demo-generator";
import { makeUser, resetData } from "../helpers/fixtures";

// `npm start`'s demo: local demo generators (no network) behind three demo models, and a live campaign that
// is switched on, so a new user can try a live battle at once, in Arabic and English.
let generator: Awaited<ReturnType<typeof startDemoGenerator>>;

beforeAll(async () => {
  await resetData();
  generator = await startDemoGenerator({ wordDelayMs: 0 });
  process.env.ARENA_DEMO_GENERATOR_URL = generator.baseUrl;
  await seedDemo();
  // Idempotent: a second start keeps one campaign and follows the generators' new port.
  await seedDemo();
  clearSchedulerCache();
}, 120_000);

afterAll(async () => {
  delete process.env.ARENA_DEMO_GENERATOR_URL;
  await generator.stop();
  await resetData();
});

describe("the demo's live battles", () => {
  it("seeds demo-generator endpoints and a switched-on live campaign", async () => {
    const endpoints = await db.modelEndpoint.findMany({ include: { model: true } });
    expect(endpoints.length).toBeGreaterThanOrEqual(2);
    for (const e of endpoints) {
      expect(e.remoteModel).toMatch(/^arena-demo-generator-\d$/);
      expect(e.baseUrl).toBe(generator.baseUrl);
    }
    expect(await db.campaign.count({ where: { name: demoLiveCampaignName, active: true, live: true } })).toBe(1);
    expect((await activeLiveCampaign())?.modelIds.length).toBeGreaterThanOrEqual(2);
  });

  for (const [language, prompt] of [["en", "How do plants make food?"], ["ar", "كيف تصنع النباتات غذاءها؟"]] as const) {
    it(`streams two different ${language} answers from the demo generators`, async () => {
      const user = await makeUser("annotator");
      const { started, stored } = await startLiveBattle(user, { prompt, language });
      await stored;
      const events: LiveEvent[] = [];
      const end = await runLiveTurn(started.battleId, started.turn, (e) => events.push(e));
      expect(end).toMatchObject({ status: "complete", canVote: true, canFollowUp: true });
      const text = (side: "a" | "b") => events.flatMap((e) => (e.type === "delta" && e.side === side ? [e.text] : [])).join("");
      expect(text("a")).not.toBe(text("b"));
      for (const side of ["a", "b"] as const) {
        expect(text(side)).toContain(language === "ar" ? "مولّد تجريبي" : "demo generator");
      }
      expect((await db.battle.findUniqueOrThrow({ where: { id: started.battleId } })).identityLeak).toBe(false);
    });
  }
});
