import "server-only";
import { db } from "@/lib/db";
import { getCampaignsProgress } from "@/lib/server/campaigns/get-campaign-progress";

export type CampaignProgressSummary = { id: string; name: string; share: number; totalVotes: number; targetVotes: number; models: number };

export type AnnotatorProgress = {
  // This annotator's votes since midnight in their time zone, and ever.
  today: number;
  total: number;
  // The switched-on campaigns that scope the regular battles (not live-battle campaigns, whose prompts annotators
  // write on /live), and how far they are towards their targets (0..1).
  campaigns: CampaignProgressSummary[];
};

// Campaign progress is one GROUP BY over the campaign's votes; every annotator asks for it after
// every vote, so it is shared for a few seconds rather than recomputed per request.
const campaignTtlMs = 10_000;
let campaignCache: { at: number; value: Promise<CampaignProgressSummary[]> } | null = null;

async function scopingCampaignProgress(): Promise<CampaignProgressSummary[]> {
  const campaigns = await db.campaign.findMany({
    where: { active: true, live: false },
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
    const value = scopingCampaignProgress();
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

// The wall clock of a time zone at an instant, read as if it were UTC, minus the instant: the zone's offset.
function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(at / 1000) * 1000;
}

// The instant the current day began in a time zone. Computed here rather than in SQL: Postgres knows fewer
// zone names than browsers do ("US/Pacific-New" passed validation, then Postgres refused it: 503).
export function startOfDayIn(timeZone: string, now = Date.now()): Date {
  const offset = zoneOffsetMs(timeZone, now);
  const wall = new Date(now + offset);
  const midnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  // The offset at midnight may differ from the current one (a daylight-saving change during the day).
  return new Date(midnight - zoneOffsetMs(timeZone, midnight - offset));
}

// timeZone: a name the runtime's Intl knows, already validated by the caller (see progressQuerySchema).
export async function getAnnotatorProgress(userId: string, timeZone = "UTC"): Promise<AnnotatorProgress> {
  // Vote times are stored in UTC without a zone.
  const dayStart = startOfDayIn(timeZone).toISOString().slice(0, -1);
  const [[counts], campaigns] = await Promise.all([
    db.$queryRaw<{ total: bigint; today: bigint }[]>`
      SELECT count(*) AS total,
             count(*) FILTER (WHERE created_at >= ${dayStart}::timestamp) AS today
      FROM votes WHERE annotator_id = ${userId}::uuid`,
    cachedCampaignProgress(),
  ]);
  return { today: Number(counts?.today ?? 0), total: Number(counts?.total ?? 0), campaigns };
}
