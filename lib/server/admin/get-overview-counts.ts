import { db } from "@/lib/db";

export async function getOverviewCounts() {
  const [promptSets, prompts, models, users, votes] = await Promise.all([
    db.promptSet.count(),
    db.prompt.count(),
    db.aiModel.count(),
    db.user.count(),
    db.vote.count(),
  ]);
  return { promptSets, prompts, models, users, votes };
}
