import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { notFound } from "@/lib/server/errors";
import { campaignGuidanceSchema, readReasonFlags, type CampaignGuidanceInput } from "@/lib/validation/reason-flags";

// A campaign's guidelines (Markdown per UI language) and reason flags, for the admin's edit form.
export async function getCampaignGuidance(campaignId: string) {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { guidelinesAr: true, guidelinesEn: true, guidelinesUpdatedAt: true, reasonFlags: true },
  });
  if (!campaign) return null;
  return { ...campaign, reasonFlags: readReasonFlags(campaign.reasonFlags) };
}

// Saves both texts and the flag list as one change. When either text changes, every annotator is shown
// the guidelines again before their next battle of the campaign (acknowledgements older than
// guidelines_updated_at no longer count). Removing a flag keeps it on the votes that carry it.
export async function saveCampaignGuidance(actorId: string, raw: CampaignGuidanceInput) {
  const input = campaignGuidanceSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const existing = await tx.campaign.findUnique({ where: { id: input.campaignId }, select: { name: true, guidelinesAr: true, guidelinesEn: true } });
    if (!existing) throw notFound("Campaign");
    const textChanged = existing.guidelinesAr !== input.guidelinesAr || existing.guidelinesEn !== input.guidelinesEn;
    await tx.campaign.update({
      where: { id: input.campaignId },
      data: {
        guidelinesAr: input.guidelinesAr,
        guidelinesEn: input.guidelinesEn,
        reasonFlags: input.reasonFlags,
        ...(textChanged ? { guidelinesUpdatedAt: new Date() } : {}),
      },
    });
    await recordAudit(tx, {
      actorId,
      action: "campaign.guidance_updated",
      target: `campaign:${existing.name}`,
      details: { guidelinesChanged: textChanged, reasonFlags: input.reasonFlags.map((f) => f.key) },
    });
    return { campaignId: input.campaignId, guidelinesChanged: textChanged };
  });
}

// The annotator has read the campaign's guidelines (the battle page's acknowledgement step). Stored per
// annotator and campaign; acknowledging again refreshes the moment.
export async function acknowledgeGuidelines(userId: string, campaignId: string) {
  // Guidelines are shown for a live campaign, or with a battle of the campaign issued to this annotator
  // (it stays open if the campaign is switched off meanwhile): only those can be acknowledged.
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { id: true, active: true, battles: { where: { annotatorId: userId }, select: { id: true }, take: 1 } },
  });
  if (!campaign || (!campaign.active && campaign.battles.length === 0)) throw notFound("Campaign");
  const now = new Date();
  await db.guidelineAcknowledgement.upsert({
    where: { userId_campaignId: { userId, campaignId } },
    create: { userId, campaignId, acknowledgedAt: now },
    update: { acknowledgedAt: now },
  });
  return { campaignId, acknowledgedAt: now.toISOString() };
}
