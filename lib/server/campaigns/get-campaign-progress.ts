import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

export type LanguageCounts = { ar: number; en: number };
export type ModelProgress = { modelId: string; key: string; displayName: string; votes: number; byLanguage: LanguageCounts; share: number };
export type CampaignProgress = {
  campaignId: string;
  targetVotes: number;
  // Distinct votes that count for the campaign, by prompt language.
  totalVotes: number;
  byLanguage: LanguageCounts;
  models: ModelProgress[];
  // Votes towards the targets (each model capped at its target) over all targets: 0..1.
  share: number;
};

// A vote counts for a campaign when its prompt belongs to one of the campaign's prompt sets and
// both of its models are campaign models (whether or not the battle was issued by the campaign).
// Each vote counts once for each of its two models. One GROUP BY per campaign list.
export async function getCampaignsProgress(campaignIds: string[]): Promise<Map<string, CampaignProgress>> {
  const result = new Map<string, CampaignProgress>();
  if (campaignIds.length === 0) return result;
  const campaigns = await db.campaign.findMany({
    where: { id: { in: campaignIds } },
    select: { id: true, targetVotes: true, models: { select: { model: { select: { id: true, key: true, displayName: true } } } } },
  });
  const counts = await db.$queryRaw<{ campaign_id: string; model_id: string; language: "ar" | "en"; votes: bigint }[]>`
    SELECT c.id AS campaign_id, side.model_id, v.language::text AS language, count(*) AS votes
    FROM campaigns c
    JOIN campaign_prompt_sets cps ON cps.campaign_id = c.id
    JOIN prompts p ON p.prompt_set_id = cps.prompt_set_id
    JOIN votes v ON v.prompt_id = p.id
    JOIN campaign_models cma ON cma.campaign_id = c.id AND cma.model_id = v.model_a_id
    JOIN campaign_models cmb ON cmb.campaign_id = c.id AND cmb.model_id = v.model_b_id
    CROSS JOIN LATERAL (VALUES (v.model_a_id), (v.model_b_id)) AS side(model_id)
    WHERE c.id IN (${Prisma.join(campaignIds.map((id) => Prisma.sql`${id}::uuid`))})
    GROUP BY c.id, side.model_id, v.language`;

  for (const campaign of campaigns) {
    const models = new Map<string, ModelProgress>(
      campaign.models.map(({ model }) => [
        model.id,
        { modelId: model.id, key: model.key, displayName: model.displayName, votes: 0, byLanguage: { ar: 0, en: 0 }, share: 0 },
      ]),
    );
    const byLanguage: LanguageCounts = { ar: 0, en: 0 };
    for (const row of counts.filter((r) => r.campaign_id === campaign.id)) {
      const model = models.get(row.model_id);
      if (!model) continue;
      const n = Number(row.votes);
      model.votes += n;
      model.byLanguage[row.language] += n;
      // Every vote appears once per side: halve the per-side sums to count distinct votes.
      byLanguage[row.language] += n / 2;
    }
    const list = [...models.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
    for (const m of list) m.share = Math.min(1, m.votes / campaign.targetVotes);
    const share = list.length ? list.reduce((sum, m) => sum + m.share, 0) / list.length : 0;
    result.set(campaign.id, {
      campaignId: campaign.id,
      targetVotes: campaign.targetVotes,
      totalVotes: byLanguage.ar + byLanguage.en,
      byLanguage,
      models: list,
      share,
    });
  }
  return result;
}

export async function getCampaignProgress(campaignId: string): Promise<CampaignProgress | null> {
  return (await getCampaignsProgress([campaignId])).get(campaignId) ?? null;
}
