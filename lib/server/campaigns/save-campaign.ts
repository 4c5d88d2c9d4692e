import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit, type Tx } from "@/lib/server/audit/record-audit";
import { AppError, notFound } from "@/lib/server/errors";
import { createCampaignSchema, updateCampaignSchema, type CampaignFields } from "@/lib/validation/admin";

type Fields = ReturnType<typeof createCampaignSchema.parse>;

const nameTaken = (name: string) => new AppError(409, "campaign_name_taken", `A campaign named "${name}" already exists.`);

// Unknown prompt set or model ids are refused rather than silently dropped.
async function assertMembersExist(tx: Tx, fields: Fields) {
  const [sets, models] = await Promise.all([
    tx.promptSet.count({ where: { id: { in: fields.promptSetIds } } }),
    tx.aiModel.count({ where: { id: { in: fields.modelIds } } }),
  ]);
  if (sets !== new Set(fields.promptSetIds).size) throw new AppError(422, "unknown_prompt_set", "One of the chosen prompt sets no longer exists.");
  if (models !== new Set(fields.modelIds).size) throw new AppError(422, "unknown_model", "One of the chosen models no longer exists.");
}

function members(fields: Fields) {
  return {
    promptSets: { create: [...new Set(fields.promptSetIds)].map((promptSetId) => ({ promptSetId })) },
    models: { create: [...new Set(fields.modelIds)].map((modelId) => ({ modelId })) },
  };
}

function auditDetails(fields: Fields): Prisma.InputJsonValue {
  return {
    targetVotes: fields.targetVotes,
    goldRate: fields.goldRate,
    overlapRate: fields.overlapRate,
    live: fields.live,
    liveTurnLimit: fields.liveTurnLimit,
    promptSetIds: fields.promptSetIds,
    modelIds: fields.modelIds,
  };
}

async function uniqueName<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw nameTaken(name);
    throw error;
  }
}

// New campaigns start switched off, so an admin can review them before annotators see them.
export async function createCampaign(actorId: string, raw: CampaignFields) {
  const fields = createCampaignSchema.parse(raw);
  return uniqueName(fields.name, () =>
    db.$transaction(async (tx) => {
      await assertMembersExist(tx, fields);
      const campaign = await tx.campaign.create({
        data: { name: fields.name, targetVotes: fields.targetVotes, goldRate: fields.goldRate, overlapRate: fields.overlapRate, live: fields.live, liveTurnLimit: fields.liveTurnLimit, ...members(fields) },
        select: { id: true, name: true },
      });
      await recordAudit(tx, { actorId, action: "campaign.created", target: `campaign:${campaign.name}`, details: auditDetails(fields) });
      return campaign;
    }),
  );
}

// Replaces the campaign's settings and its prompt sets and models as one change.
export async function updateCampaign(actorId: string, raw: CampaignFields & { campaignId: string }) {
  const { campaignId, ...fields } = updateCampaignSchema.parse(raw);
  return uniqueName(fields.name, () =>
    db.$transaction(async (tx) => {
      const existing = await tx.campaign.findUnique({ where: { id: campaignId }, select: { name: true } });
      if (!existing) throw notFound("Campaign");
      await assertMembersExist(tx, fields);
      await tx.campaignPromptSet.deleteMany({ where: { campaignId } });
      await tx.campaignModel.deleteMany({ where: { campaignId } });
      const campaign = await tx.campaign.update({
        where: { id: campaignId },
        data: { name: fields.name, targetVotes: fields.targetVotes, goldRate: fields.goldRate, overlapRate: fields.overlapRate, live: fields.live, liveTurnLimit: fields.liveTurnLimit, ...members(fields) },
        select: { id: true, name: true },
      });
      await recordAudit(tx, {
        actorId,
        action: "campaign.updated",
        target: `campaign:${campaign.name}`,
        details: { ...(auditDetails(fields) as object), ...(existing.name !== campaign.name ? { renamedFrom: existing.name } : {}) },
      });
      return campaign;
    }),
  );
}
