import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { notFound } from "@/lib/server/errors";
import { setCampaignActiveSchema } from "@/lib/validation/admin";
import type { z } from "zod";

// While any campaign is active, annotators get battles only from active campaigns (see issue-battle.ts).
export async function setCampaignActive(actorId: string, raw: z.input<typeof setCampaignActiveSchema>) {
  const input = setCampaignActiveSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const campaign = await tx.campaign.findUnique({ where: { id: input.campaignId }, select: { name: true, active: true } });
    if (!campaign) throw notFound("Campaign");
    if (campaign.active === input.active) return { id: input.campaignId, active: input.active };
    await tx.campaign.update({ where: { id: input.campaignId }, data: { active: input.active } });
    await recordAudit(tx, { actorId, action: input.active ? "campaign.activated" : "campaign.deactivated", target: `campaign:${campaign.name}` });
    return { id: input.campaignId, active: input.active };
  });
}
