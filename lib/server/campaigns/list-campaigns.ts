import "server-only";
import { db } from "@/lib/db";
import { getCampaignsProgress } from "./get-campaign-progress";

// Campaigns, active ones first, each with its member counts and progress towards its target.
export async function listCampaigns() {
  const campaigns = await db.campaign.findMany({
    orderBy: [{ active: "desc" }, { createdAt: "desc" }],
    select: {
      id: true, name: true, active: true, targetVotes: true, goldRate: true, overlapRate: true, live: true, createdAt: true,
      _count: { select: { promptSets: true, models: true } },
    },
  });
  const progress = await getCampaignsProgress(campaigns.map((c) => c.id));
  return campaigns.map(({ _count, ...c }) => ({
    ...c,
    promptSetCount: _count.promptSets,
    modelCount: _count.models,
    progress: progress.get(c.id)!,
  }));
}
