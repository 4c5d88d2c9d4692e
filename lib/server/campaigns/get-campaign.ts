import "server-only";
import { db } from "@/lib/db";

// One campaign with the ids of its prompt sets and models (for the edit form).
export async function getCampaign(campaignId: string) {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      id: true, name: true, active: true, targetVotes: true, goldRate: true, overlapRate: true, live: true, liveTurnLimit: true, createdAt: true,
      promptSets: { select: { promptSetId: true } },
      models: { select: { modelId: true } },
    },
  });
  if (!campaign) return null;
  const { promptSets, models, ...rest } = campaign;
  return { ...rest, promptSetIds: promptSets.map((p) => p.promptSetId), modelIds: models.map((m) => m.modelId) };
}

// What a campaign can be built from: every prompt set (with its size) and every model.
export async function getCampaignChoices() {
  const [promptSets, models] = await Promise.all([
    db.promptSet.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, _count: { select: { prompts: true } } } }),
    db.aiModel.findMany({ orderBy: { displayName: "asc" }, select: { id: true, key: true, displayName: true, hidden: true, retired: true } }),
  ]);
  return {
    promptSets: promptSets.map((s) => ({ id: s.id, name: s.name, prompts: s._count.prompts })),
    models,
  };
}
