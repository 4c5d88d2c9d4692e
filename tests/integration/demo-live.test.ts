import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearSchedulerCache } from "@/lib/server/battles/scheduler-state";
import { demoCampaignName, demoLiveCampaignName, seedDemo } from "@/lib/server/demo/seed-demo";
import { activeLiveCampaign, startLiveBattle } from "@/lib/server/live/live-battles";
import { runLiveTurn } from "@/lib/server/live/stream-turn";
import { clearCampaignProgressCache, getAnnotatorProgress } from "@/lib/server/quality/get-annotator-progress";
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

  it("leaves the live campaign out of the battle page's campaign progress, which names the prompt-set campaigns that are on", async () => {
    // A new user's first battle named "Demo live battles ... 0%" while their votes counted for no campaign.
    const user = await makeUser("annotator");
    clearCampaignProgressCache();
    expect((await getAnnotatorProgress(user.id)).campaigns.map((c) => c.name)).toEqual([]);
    await db.campaign.update({ where: { name: demoCampaignName }, data: { active: true } });
    try {
      clearCampaignProgressCache();
      expect((await getAnnotatorProgress(user.id)).campaigns.map((c) => c.name)).toEqual([demoCampaignName]);
    } finally {
      await db.campaign.update({ where: { name: demoCampaignName }, data: { active: false } });
      clearCampaignProgressCache();
    }
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
