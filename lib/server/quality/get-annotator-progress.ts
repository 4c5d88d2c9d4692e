import { db } from "@/lib/db";
import { getCampaignsProgress } from "@/lib/server/campaigns/get-campaign-progress";

export type CampaignProgressSummary = { id: string; name: string; share: number; totalVotes: number; targetVotes: number; models: number };

export type AnnotatorProgress = {
  // This annotator's votes since midnight in their time zone, and ever.
  today: number;
  total: number;
  // Live campaigns and how far they are towards their targets (0..1).
  campaigns: CampaignProgressSummary[];
};

// Campaign progress is one GROUP BY over the campaign's votes; every annotator asks for it after
// every vote, so it is shared for a few seconds rather than recomputed per request.
const campaignTtlMs = 10_000;
let campaignCache: { at: number; value: Promise<CampaignProgressSummary[]> } | null = null;

async function liveCampaignProgress(): Promise<CampaignProgressSummary[]> {
  const campaigns = await db.campaign.findMany({
    where: { active: true },
    orderBy: { createdAt: "asc" },
    take: 3,
    select: { id: true, name: true, targetVotes: true },
  });
  const progress = await getCampaignsProgress(campaigns.map((c) => c.id));
  return campaigns.map((c) => {
    const p = progress.get(c.id);
    return { id: c.id, name: c.name, share: p?.share ?? 0, totalVotes: p?.totalVotes ?? 0, targetVotes: c.targetVotes, models: p?.models.length ?? 0 };
  });
}

function cachedCampaignProgress(): Promise<CampaignProgressSummary[]> {
  const now = Date.now();
  if (!campaignCache || now - campaignCache.at > campaignTtlMs) {
    const value = liveCampaignProgress();
    campaignCache = { at: now, value };
    // A failed computation is not kept.
    value.catch(() => {
      if (campaignCache?.value === value) campaignCache = null;
    });
  }
  return campaignCache.value;
}

export function clearCampaignProgressCache() {
  campaignCache = null;
}

// timeZone: an IANA name already validated by the caller (see progressQuerySchema).
export async function getAnnotatorProgress(userId: string, timeZone = "UTC"): Promise<AnnotatorProgress> {
  const [[counts], campaigns] = await Promise.all([
    db.$queryRaw<{ total: bigint; today: bigint }[]>`
      SELECT count(*) AS total,
             count(*) FILTER (WHERE created_at >= (date_trunc('day', now() AT TIME ZONE ${timeZone}) AT TIME ZONE ${timeZone})) AS today
      FROM votes WHERE annotator_id = ${userId}::uuid`,
    cachedCampaignProgress(),
  ]);
  return { today: Number(counts?.today ?? 0), total: Number(counts?.total ?? 0), campaigns };
}
