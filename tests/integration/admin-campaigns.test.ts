import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { getCampaignProgress } from "@/lib/server/campaigns/get-campaign-progress";
import { listCampaigns } from "@/lib/server/campaigns/list-campaigns";
import { createCampaign, updateCampaign } from "@/lib/server/campaigns/save-campaign";
import { setCampaignActive } from "@/lib/server/campaigns/set-campaign-active";
import { importMiniSet, makeUser, resetData } from "../helpers/fixtures";
import { castVote, modelIdsByKey, uniqueName } from "./admin-helpers";

async function twoSets() {
  const first = await importMiniSet(uniqueName("first"));
  const second = await importMiniSet(uniqueName("second"));
  const sets = await db.promptSet.findMany({ orderBy: { createdAt: "asc" } });
  // Only the campaign changes below should be in the audit log.
  await db.auditLog.deleteMany();
  return { first: sets[0]!, second: sets[1]!, imported: [first, second] };
}

describe("campaigns", () => {
  beforeEach(resetData);
  // An active campaign left behind would restrict the scheduler in the test files that follow.
  afterAll(() => db.campaign.deleteMany());

  it("creates inactive, edits, switches on and off, and audits each change", async () => {
    const admin = await makeUser("admin");
    const { first, second } = await twoSets();
    const ids = await modelIdsByKey();
    const campaign = await createCampaign(admin.id, {
      name: "Spring", targetVotes: 50, goldRate: 0.1, overlapRate: 0.05, promptSetIds: [first.id], modelIds: [ids.alpha!, ids.beta!],
    });
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({ active: false, targetVotes: 50, goldRate: 0.1 });
    await updateCampaign(admin.id, {
      campaignId: campaign.id, name: "Spring 2", targetVotes: 80, goldRate: 0, overlapRate: 0.2,
      promptSetIds: [first.id, second.id], modelIds: [ids.alpha!, ids.beta!, ids.gamma!],
    });
    expect(await db.campaignModel.count({ where: { campaignId: campaign.id } })).toBe(3);
    expect(await db.campaignPromptSet.count({ where: { campaignId: campaign.id } })).toBe(2);
    await setCampaignActive(admin.id, { campaignId: campaign.id, active: true });
    await setCampaignActive(admin.id, { campaignId: campaign.id, active: false });
    const entries = await db.auditLog.findMany({ orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.action, e.target, e.actorId])).toEqual([
      ["campaign.created", "campaign:Spring", admin.id],
      ["campaign.updated", "campaign:Spring 2", admin.id],
      ["campaign.activated", "campaign:Spring 2", admin.id],
      ["campaign.deactivated", "campaign:Spring 2", admin.id],
    ]);
    expect(entries[1]!.details).toMatchObject({ renamedFrom: "Spring", targetVotes: 80 });
  });

  it("refuses bad rates, a single model, unknown members and duplicate names", async () => {
    const admin = await makeUser("admin");
    const { first } = await twoSets();
    const ids = await modelIdsByKey();
    const base = { name: "C", targetVotes: 10, goldRate: 0, overlapRate: 0, promptSetIds: [first.id], modelIds: [ids.alpha!, ids.beta!] };
    await expect(createCampaign(admin.id, { ...base, goldRate: 1.5 })).rejects.toThrow(/between 0 and 1/);
    await expect(createCampaign(admin.id, { ...base, modelIds: [ids.alpha!] })).rejects.toThrow(/at least two models/);
    await expect(createCampaign(admin.id, { ...base, promptSetIds: [crypto.randomUUID()] })).rejects.toMatchObject({ code: "unknown_prompt_set" });
    await createCampaign(admin.id, base);
    await expect(createCampaign(admin.id, base)).rejects.toMatchObject({ status: 409, code: "campaign_name_taken" });
    expect(await db.campaign.count()).toBe(1);
    expect(await db.auditLog.count()).toBe(1);
  });

  it("counts progress per model and per language from votes inside the campaign only", async () => {
    const admin = await makeUser("admin");
    const { first, second } = await twoSets();
    const ids = await modelIdsByKey();
    const campaign = await createCampaign(admin.id, {
      name: "Progress", targetVotes: 4, goldRate: 0, overlapRate: 0, promptSetIds: [first.id], modelIds: [ids.alpha!, ids.beta!],
    });
    const voter = await makeUser();
    const inSet = await db.prompt.findMany({ where: { promptSetId: first.id } });
    const en = inSet.filter((p) => p.language === "en");
    const ar = inSet.filter((p) => p.language === "ar");
    const outside = await db.prompt.findFirstOrThrow({ where: { promptSetId: second.id } });
    // Counted: 2 English + 1 Arabic alpha–beta votes.
    await castVote(voter.id, en[0]!.id, ids.alpha!, ids.beta!);
    await castVote(voter.id, en[1]!.id, ids.beta!, ids.alpha!, "tie");
    await castVote(voter.id, ar[0]!.id, ids.alpha!, ids.beta!, "model_b");
    // Not counted: gamma is not a campaign model; the prompt set is not the campaign's.
    await castVote(voter.id, ar[1]!.id, ids.alpha!, ids.gamma!);
    await castVote(voter.id, outside.id, ids.alpha!, ids.beta!);

    const progress = (await getCampaignProgress(campaign.id))!;
    expect(progress.totalVotes).toBe(3);
    expect(progress.byLanguage).toEqual({ ar: 1, en: 2 });
    expect(progress.models.map((m) => [m.key, m.votes, m.byLanguage, m.share])).toEqual([
      ["alpha", 3, { ar: 1, en: 2 }, 0.75],
      ["beta", 3, { ar: 1, en: 2 }, 0.75],
    ]);
    expect(progress.share).toBe(0.75);
    const [listed] = await listCampaigns();
    expect(listed).toMatchObject({ id: campaign.id, promptSetCount: 1, modelCount: 2, progress: { totalVotes: 3 } });
  });

  it("while a campaign is active, battles come only from its prompt sets and models, tagged with it", async () => {
    const admin = await makeUser("admin");
    const { first } = await twoSets();
    const ids = await modelIdsByKey();
    const campaign = await createCampaign(admin.id, {
      name: "Live", targetVotes: 10, goldRate: 0, overlapRate: 0, promptSetIds: [first.id], modelIds: [ids.alpha!, ids.gamma!],
    });
    const firstSetPrompts = new Set((await db.prompt.findMany({ where: { promptSetId: first.id } })).map((p) => p.id));

    // Inactive campaign: unchanged behaviour, untagged battles from both sets.
    const before = await makeUser();
    const untagged = await issueBattle(before);
    expect((await db.battle.findUniqueOrThrow({ where: { id: untagged!.id } })).campaignId).toBeNull();

    await setCampaignActive(admin.id, { campaignId: campaign.id, active: true });
    const annotator = await makeUser();
    let issued = 0;
    for (let view = await issueBattle(annotator); view; view = await issueBattle(annotator)) {
      const battle = await db.battle.findUniqueOrThrow({ where: { id: view.id } });
      expect(battle.campaignId).toBe(campaign.id);
      expect(firstSetPrompts.has(battle.promptId)).toBe(true);
      expect(new Set([battle.modelAId, battle.modelBId])).toEqual(new Set([ids.alpha, ids.gamma]));
      await db.battle.update({ where: { id: battle.id }, data: { skippedAt: new Date() } });
      issued++;
    }
    // 4 prompts in the campaign's set × the one alpha–gamma pair.
    expect(issued).toBe(4);

    // Switched off: the whole pool is open again.
    await setCampaignActive(admin.id, { campaignId: campaign.id, active: false });
    const after = await issueBattle(annotator);
    expect(after).not.toBeNull();
    expect((await db.battle.findUniqueOrThrow({ where: { id: after!.id } })).campaignId).toBeNull();
  });
});
