import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

// Issue 14 items 5 and 6: campaign guidelines (acknowledged per annotator and campaign) and structured
// reasons (per-response flags the campaign configures), stored with the vote, exported and filterable.
// Routes and actions run in-process with real sessions on real Postgres.

vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { signInAs } = await import("./security-session");
const { db } = await import("@/lib/db");
const { issueBattle } = await import("@/lib/server/battles/issue-battle");
const { createCampaign } = await import("@/lib/server/campaigns/save-campaign");
const { setCampaignActive } = await import("@/lib/server/campaigns/set-campaign-active");
const { saveCampaignGuidance } = await import("@/lib/server/campaigns/campaign-guidance");
const { clearLeaderboardCache, getLeaderboard } = await import("@/lib/server/research/get-leaderboard");
const { leaderboardFiltersSchema } = await import("@/lib/validation/leaderboard-filters");
const { defaultReasonFlags } = await import("@/lib/validation/reason-flags");
const { updateCampaignGuidanceAction } = await import("@/lib/actions/admin");
const { importMiniSet, makeUser, resetData, snapshotTables } = await import("../helpers/fixtures");
const { modelIdsByKey } = await import("./admin-helpers");

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const route = async (file: string) => (await import(/* @vite-ignore */ path.join(import.meta.dirname, "..", "..", "app", file))) as Record<string, Handler>;
const post = (url: string, body: unknown, params: Record<string, string> = {}) => ({
  request: new Request(`http://127.0.0.1${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  context: { params: Promise.resolve(params) },
});
const get = (url: string) => [new Request(`http://127.0.0.1${url}`), { params: Promise.resolve({}) }] as const;

async function liveCampaign(options: { guidelines?: boolean; flags?: { key: string; en: string; ar: string }[] } = {}) {
  const admin = await makeUser("admin");
  await importMiniSet();
  const set = await db.promptSet.findFirstOrThrow();
  const ids = await modelIdsByKey();
  const campaign = await createCampaign(admin.id, {
    name: `Guided ${Math.random().toString(36).slice(2, 8)}`, targetVotes: 10, goldRate: 0, overlapRate: 0, promptSetIds: [set.id], modelIds: Object.values(ids),
  });
  await saveCampaignGuidance(admin.id, {
    campaignId: campaign.id,
    guidelinesAr: options.guidelines === false ? "" : "## الإرشادات\n\nالصحة أولًا.",
    guidelinesEn: options.guidelines === false ? "" : "## Guidelines\n\nCorrectness first.",
    reasonFlags: options.flags ?? defaultReasonFlags,
  });
  await setCampaignActive(admin.id, { campaignId: campaign.id, active: true });
  return { admin, campaign };
}

async function vote(annotatorId: string, body: Record<string, unknown>) {
  await signInAs(annotatorId);
  const { POST } = await route("api/votes/route.ts");
  const { request, context } = post("/api/votes", body);
  const response = await POST!(request, context);
  return { status: response.status, body: (await response.json()) as { vote?: unknown; error?: { code: string; message: string; details?: { unknown: string[]; allowed: string[] } } } };
}

describe("structured reasons (reason flags)", () => {
  beforeEach(async () => {
    await resetData();
    clearLeaderboardCache();
  });
  afterAll(() => db.campaign.deleteMany());

  it("stores the flags per response with the vote, and the battle offers the campaign's flags", async () => {
    const { campaign } = await liveCampaign();
    const annotator = await makeUser();
    const battle = await issueBattle(annotator);
    expect(battle!.campaign!.id).toBe(campaign.id);
    expect(battle!.flags!.map((f) => f.key)).toEqual(["wrong_language", "factual_error", "unsafe", "incomplete", "dialect_not_msa"]);
    const answer = await vote(annotator.id, { battleId: battle!.id, winner: "model_b", flags: { a: ["factual_error", "incomplete"], b: [] } });
    expect(answer.status).toBe(200);
    const stored = await db.vote.findUniqueOrThrow({ where: { battleId: battle!.id } });
    expect(stored).toMatchObject({ flagsA: ["factual_error", "incomplete"], flagsB: [], winner: "model_b" });
  });

  it("a repeat with the same flags (any order) is a replay; other flags are refused, not answered 'replayed'", async () => {
    await liveCampaign();
    const annotator = await makeUser();
    const battle = await issueBattle(annotator);
    const first = { battleId: battle!.id, winner: "model_a", flags: { a: ["unsafe", "incomplete"], b: [] } };
    expect((await vote(annotator.id, first)).status).toBe(200);
    const replay = await vote(annotator.id, { ...first, flags: { a: ["incomplete", "unsafe"], b: [] } });
    expect(replay.status).toBe(200);
    expect(replay.body.vote).toMatchObject({ replayed: true });
    const other = await vote(annotator.id, { ...first, flags: { a: ["factual_error"], b: [] } });
    expect(other.status).toBe(409);
    expect(other.body.error!.code).toBe("already_voted");
    expect((await vote(annotator.id, { battleId: battle!.id, winner: "model_a" })).status).toBe(409);
    expect(await db.vote.findUniqueOrThrow({ where: { battleId: battle!.id } })).toMatchObject({ flagsA: ["unsafe", "incomplete"], flagsB: [] });
  });

  it("a vote without flags (the old payload) still records, with none", async () => {
    await liveCampaign();
    const annotator = await makeUser();
    const battle = await issueBattle(annotator);
    expect((await vote(annotator.id, { battleId: battle!.id, winner: "tie" })).status).toBe(200);
    expect(await db.vote.findUniqueOrThrow({ where: { battleId: battle!.id } })).toMatchObject({ flagsA: [], flagsB: [] });
  });

  it("refuses a flag the campaign does not offer with a clear error, and writes nothing", async () => {
    await liveCampaign({ flags: [{ key: "off_topic", en: "Off topic", ar: "خارج الموضوع" }] });
    const annotator = await makeUser();
    const battle = await issueBattle(annotator);
    expect(battle!.flags!.map((f) => f.key)).toEqual(["off_topic"]);
    const before = await snapshotTables();
    // "unsafe" is a default flag, but this campaign does not offer it.
    const refused = await vote(annotator.id, { battleId: battle!.id, winner: "model_a", flags: { a: ["off_topic"], b: ["unsafe"] } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "unknown_flag", details: { unknown: ["unsafe"], allowed: ["off_topic"] } });
    expect(refused.body.error!.message).toContain("unsafe");
    expect(await snapshotTables()).toBe(before);
    // Malformed flags are refused by the schema (422 invalid_input), nothing written either.
    const malformed = await vote(annotator.id, { battleId: battle!.id, winner: "model_a", flags: { a: ["Not A Key"], b: [] } });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error!.code).toBe("invalid_input");
    expect(await snapshotTables()).toBe(before);
    // The allowed flag goes through.
    expect((await vote(annotator.id, { battleId: battle!.id, winner: "model_a", flags: { a: [], b: ["off_topic"] } })).status).toBe(200);
    expect(await db.vote.findUniqueOrThrow({ where: { battleId: battle!.id } })).toMatchObject({ flagsB: ["off_topic"] });
  });

  it("outside any campaign the default flags apply", async () => {
    await importMiniSet();
    const annotator = await makeUser();
    const battle = await issueBattle(annotator);
    expect(battle!.campaign).toBeNull();
    expect(battle!.flags!.map((f) => f.key)).toContain("dialect_not_msa");
    expect((await vote(annotator.id, { battleId: battle!.id, winner: "model_a", flags: { a: [], b: ["no_such_flag"] } })).status).toBe(422);
    expect((await vote(annotator.id, { battleId: battle!.id, winner: "model_a", flags: { a: ["dialect_not_msa"], b: [] } })).status).toBe(200);
  });

  it("exports the flags (JSONL, CSV and clean_battle extras) and filters the leaderboard by flag", async () => {
    await liveCampaign();
    const annotators = await Promise.all([makeUser(), makeUser(), makeUser()]);
    // Four votes per annotator (the mini set has 4 prompts); every second one flags "unsafe" on B.
    let flagged = 0;
    let total = 0;
    for (const annotator of annotators) {
      for (let i = 0; i < 4; i++) {
        const battle = await issueBattle(annotator);
        const flags = i % 2 === 0 ? { a: [], b: ["unsafe"] } : { a: ["incomplete"], b: [] };
        expect((await vote(annotator.id, { battleId: battle!.id, winner: i % 2 === 0 ? "model_a" : "model_b", flags })).status).toBe(200);
        total++;
        if (i % 2 === 0) flagged++;
      }
    }
    const researcher = await makeUser("researcher");
    await signInAs(researcher.id);
    const votes = await route("api/v1/votes/route.ts");

    const jsonl = (await (await votes.GET!(...get("/api/v1/votes?format=jsonl"))).text()).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(jsonl).toHaveLength(total);
    expect(jsonl.filter((v) => (v.flags_b as string[]).includes("unsafe"))).toHaveLength(flagged);
    expect(jsonl.every((v) => Array.isArray(v.flags_a) && Array.isArray(v.flags_b))).toBe(true);

    const clean = (await (await votes.GET!(...get("/api/v1/votes?format=clean_battle"))).json()) as Record<string, unknown>[];
    expect(clean.filter((v) => (v.flags_a as string[]).includes("incomplete"))).toHaveLength(total - flagged);

    const csv = await (await votes.GET!(...get("/api/v1/votes?format=csv&flag=unsafe"))).text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toContain('"flags_a","flags_b"');
    expect(lines).toHaveLength(1 + flagged);
    expect(lines.slice(1).every((line) => line.endsWith('"","unsafe"'))).toBe(true);

    // The leaderboard: the same filter in the use case, the API and the URL schema.
    const all = await getLeaderboard(leaderboardFiltersSchema.parse({}));
    const onlyUnsafe = await getLeaderboard(leaderboardFiltersSchema.parse({ flag: "unsafe" }));
    expect(all.votes).toBe(total);
    expect(onlyUnsafe.votes).toBe(flagged);
    const leaderboard = await route("api/v1/leaderboard/route.ts");
    const filtered = (await (await leaderboard.GET!(...get("/api/v1/leaderboard?flag=incomplete"))).json()) as { votes: number; filters: { flag?: string } };
    expect(filtered.votes).toBe(total - flagged);
    expect(filtered.filters.flag).toBe("incomplete");
    const bad = await leaderboard.GET!(...get("/api/v1/leaderboard?flag=DROP%20TABLE"));
    expect(bad.status).toBe(422);
  });
});

describe("campaign guidelines", () => {
  beforeEach(resetData);
  afterAll(() => db.campaign.deleteMany());

  it("are shown until acknowledged, the acknowledgement is stored per annotator and campaign, and an edit asks again", async () => {
    const { admin, campaign } = await liveCampaign();
    const [first, second] = [await makeUser(), await makeUser()];
    const battle = await issueBattle(first);
    expect(battle!.campaign).toMatchObject({ id: campaign.id, guidelinesAcknowledged: false, guidelines: { ar: expect.stringContaining("الصحة"), en: expect.stringContaining("Correctness") } });

    await signInAs(first.id);
    const acknowledge = (await route("api/me/guidelines/[id]/acknowledge/route.ts")).POST!;
    const { request, context } = post(`/api/me/guidelines/${campaign.id}/acknowledge`, {}, { id: campaign.id });
    expect((await acknowledge(request, context)).status).toBe(200);
    expect(await db.guidelineAcknowledgement.count({ where: { userId: first.id, campaignId: campaign.id } })).toBe(1);

    // The same open battle, now acknowledged; the other annotator has not acknowledged anything.
    expect((await issueBattle(first))!.campaign!.guidelinesAcknowledged).toBe(true);
    expect((await issueBattle(second))!.campaign!.guidelinesAcknowledged).toBe(false);

    // Acknowledging twice keeps one row.
    const again = post(`/api/me/guidelines/${campaign.id}/acknowledge`, {}, { id: campaign.id });
    expect((await acknowledge(again.request, again.context)).status).toBe(200);
    expect(await db.guidelineAcknowledgement.count()).toBe(1);

    // Only changing the flags keeps the acknowledgement; changing the text asks again.
    const current = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later timestamp than the acknowledgement
    await saveCampaignGuidance(admin.id, { campaignId: campaign.id, guidelinesAr: current.guidelinesAr, guidelinesEn: current.guidelinesEn, reasonFlags: defaultReasonFlags.slice(0, 2) });
    expect((await issueBattle(first))!.campaign!.guidelinesAcknowledged).toBe(true);
    await saveCampaignGuidance(admin.id, { campaignId: campaign.id, guidelinesAr: current.guidelinesAr, guidelinesEn: "## Guidelines, revised", reasonFlags: defaultReasonFlags });
    expect((await issueBattle(first))!.campaign!.guidelinesAcknowledged).toBe(false);
  });

  it("a campaign without guidelines has none to show", async () => {
    await liveCampaign({ guidelines: false });
    const battle = await issueBattle(await makeUser());
    expect(battle!.campaign!.guidelines).toBeNull();
  });

  it("acknowledging an unknown campaign is a 404 and writes nothing", async () => {
    const annotator = await makeUser();
    await signInAs(annotator.id);
    const acknowledge = (await route("api/me/guidelines/[id]/acknowledge/route.ts")).POST!;
    const id = "00000000-0000-4000-8000-000000000001";
    const before = await snapshotTables();
    const { request, context } = post(`/api/me/guidelines/${id}/acknowledge`, {}, { id });
    expect((await acknowledge(request, context)).status).toBe(404);
    expect(await snapshotTables()).toBe(before);
  });

  it("acknowledging a campaign that is switched off is a 404, and a malformed id names a campaign id", async () => {
    const { admin, campaign } = await liveCampaign();
    await setCampaignActive(admin.id, { campaignId: campaign.id, active: false });
    const annotator = await makeUser();
    await signInAs(annotator.id);
    const acknowledge = (await route("api/me/guidelines/[id]/acknowledge/route.ts")).POST!;
    const before = await snapshotTables();
    const off = post(`/api/me/guidelines/${campaign.id}/acknowledge`, {}, { id: campaign.id });
    expect((await acknowledge(off.request, off.context)).status).toBe(404);
    expect(await snapshotTables()).toBe(before);
    // An annotator holding a battle of the campaign (issued before it was switched off) still sees its
    // guidelines, so may acknowledge them.
    const prompt = await db.prompt.findFirstOrThrow({ include: { responses: { take: 2, orderBy: { modelId: "asc" } } } });
    const [a, b] = prompt.responses.map((r) => r.modelId);
    await db.battle.create({
      data: { annotatorId: annotator.id, promptId: prompt.id, modelAId: a!, modelBId: b!, pairLowId: a!, pairHighId: b!, campaignId: campaign.id, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const held = post(`/api/me/guidelines/${campaign.id}/acknowledge`, {}, { id: campaign.id });
    expect((await acknowledge(held.request, held.context)).status).toBe(200);
    const bad = post("/api/me/guidelines/not-a-uuid/acknowledge", {}, { id: "not-a-uuid" });
    const response = await acknowledge(bad.request, bad.context);
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain("Not a valid campaign id.");
  });

  it("only admins edit guidelines and flags; refused edits write nothing; the edit is audited", async () => {
    const { campaign } = await liveCampaign();
    const input = { campaignId: campaign.id, guidelinesAr: "نص جديد", guidelinesEn: "New text", reasonFlags: [{ key: "off_topic", en: "Off topic", ar: "خارج الموضوع" }] };
    for (const role of ["annotator", "researcher"] as const) {
      const user = await makeUser(role);
      await signInAs(user.id);
      const before = await snapshotTables();
      expect(await updateCampaignGuidanceAction(input)).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await snapshotTables()).toBe(before);
    }
    await signInAs(null);
    expect(await updateCampaignGuidanceAction(input)).toMatchObject({ ok: false, error: { code: "unauthorized" } });

    const admin = await makeUser("admin");
    await signInAs(admin.id);
    // Invalid flags (a repeated key, a missing label) are refused with field errors.
    const invalid = await updateCampaignGuidanceAction({ ...input, reasonFlags: [input.reasonFlags[0]!, input.reasonFlags[0]!] });
    expect(invalid).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { reasonFlags: expect.any(Array) } } });
    expect(await updateCampaignGuidanceAction({ ...input, reasonFlags: [{ key: "x", en: "", ar: "س" }] })).toMatchObject({ ok: false, error: { code: "invalid_input" } });

    expect(await updateCampaignGuidanceAction(input)).toMatchObject({ ok: true });
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({ guidelinesAr: "نص جديد", guidelinesEn: "New text", reasonFlags: input.reasonFlags });
    expect(await db.auditLog.count({ where: { action: "campaign.guidance_updated", actorId: admin.id } })).toBe(1);
  });
});
