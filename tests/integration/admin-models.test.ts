import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listModels } from "@/lib/server/admin/list-models";
import { renameModel } from "@/lib/server/admin/rename-model";
import { setModelStatus } from "@/lib/server/admin/set-model-status";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { recordVote } from "@/lib/server/votes/record-vote";
import { importMiniSet, makeUser, resetData } from "../helpers/fixtures";
import { castVote, modelIdsByKey } from "./admin-helpers";

// Issues and answers battles until the annotator has seen everything; returns the model ids shown.
async function modelsIssuedTo(annotator: Awaited<ReturnType<typeof makeUser>>): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let view = await issueBattle(annotator); view; view = await issueBattle(annotator)) {
    const battle = await db.battle.findUniqueOrThrow({ where: { id: view.id } });
    seen.add(battle.modelAId).add(battle.modelBId);
    await recordVote(annotator.id, { battleId: battle.id, winner: "tie" });
  }
  return seen;
}

describe("admin model management", () => {
  beforeEach(async () => {
    await resetData();
    await importMiniSet();
  });

  it("lists models with response and vote counts", async () => {
    const ids = await modelIdsByKey();
    const annotator = await makeUser();
    const prompt = await db.prompt.findFirstOrThrow();
    await castVote(annotator.id, prompt.id, ids.alpha!, ids.beta!);
    const models = await listModels();
    expect(models.map((m) => [m.key, m.responses, m.votes, m.status])).toEqual(
      expect.arrayContaining([["alpha", 4, 1, "active"], ["beta", 4, 1, "active"], ["gamma", 4, 0, "active"]]),
    );
  });

  it("renames a model's display name and records it", async () => {
    const admin = await makeUser("admin");
    const ids = await modelIdsByKey();
    await renameModel(admin.id, { modelId: ids.alpha!, displayName: "  Alpha 2  " });
    expect((await db.aiModel.findUniqueOrThrow({ where: { id: ids.alpha } })).displayName).toBe("Alpha 2");
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "model.renamed" } });
    expect(entry).toMatchObject({ actorId: admin.id, target: "model:alpha", details: { from: "alpha", to: "Alpha 2" } });
    await expect(renameModel(admin.id, { modelId: ids.alpha!, displayName: " " })).rejects.toThrow(/display name/);
  });

  it.each(["hidden", "retired"] as const)("a %s model stops appearing in new battles; its past votes remain", async (status) => {
    const admin = await makeUser("admin");
    const ids = await modelIdsByKey();
    const prompt = await db.prompt.findFirstOrThrow();
    const voter = await makeUser();
    // A tie: an unbeaten gamma would get a near-certain win probability, and with it the scheduler's floor weight.
    await castVote(voter.id, prompt.id, ids.gamma!, ids.alpha!, "tie");

    await setModelStatus(admin.id, { modelId: ids.gamma!, status });
    const seen = await modelsIssuedTo(await makeUser());
    expect(seen).toEqual(new Set([ids.alpha, ids.beta]));
    expect(await db.vote.count({ where: { OR: [{ modelAId: ids.gamma }, { modelBId: ids.gamma }] } })).toBe(1);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "model.status_changed" } })).toMatchObject({
      actorId: admin.id, target: "model:gamma", details: { from: "active", to: status },
    });

    // Back to active: issued again.
    await setModelStatus(admin.id, { modelId: ids.gamma!, status: "active" });
    // Each prompt is issued to an annotator once (4 battles each): a few annotators make gamma's absence impossible by chance.
    const seenAgain = new Set<string>();
    for (let k = 0; k < 5; k++) for (const id of await modelsIssuedTo(await makeUser())) seenAgain.add(id);
    expect(seenAgain).toContain(ids.gamma);
  });
});
