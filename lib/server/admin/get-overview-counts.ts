import "server-only";
import { db } from "@/lib/db";

// The numbers on the admin dashboard: one count query each, run together.
export async function getOverviewCounts() {
  const [promptSets, prompts, models, liveModels, users, disabledUsers, votes, campaigns, activeCampaigns, auditEntries] = await Promise.all([
    db.promptSet.count(),
    db.prompt.count(),
    db.aiModel.count(),
    db.aiModel.count({ where: { hidden: false, retired: false } }),
    db.user.count(),
    db.user.count({ where: { disabled: true } }),
    db.vote.count(),
    db.campaign.count(),
    db.campaign.count({ where: { active: true } }),
    db.auditLog.count(),
  ]);
  return { promptSets, prompts, models, liveModels, users, disabledUsers, votes, campaigns, activeCampaigns, auditEntries };
}
