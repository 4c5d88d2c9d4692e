import { randomInt } from "node:crypto";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CurrentUser } from "@/lib/server/auth/session";
import { loadBattleView, type BattleView } from "./battle-view";

// An unanswered battle stays valid this long; after that a vote for it is refused.
export const battleLifetimeMs = 2 * 60 * 60 * 1000;

type Candidate = { prompt_id: string; low_id: string; high_id: string; campaign_id: string | null };

// A random (prompt, model pair) this annotator has not been shown, in their languages,
// among models that are neither hidden nor retired and that both answered the prompt.
// While any campaign is active, only pairs inside an active campaign qualify (prompt in one of its
// prompt sets, both models among its models) and the battle is tagged with that campaign (the
// oldest, when several match); with no active campaign every pair qualifies, untagged.
async function pickCandidate(user: CurrentUser): Promise<Candidate | null> {
  const rows = await db.$queryRaw<Candidate[]>`
    SELECT * FROM (
      SELECT p.id AS prompt_id, r1.model_id AS low_id, r2.model_id AS high_id,
        (SELECT c.id FROM campaigns c
           JOIN campaign_prompt_sets cps ON cps.campaign_id = c.id AND cps.prompt_set_id = p.prompt_set_id
           JOIN campaign_models cm1 ON cm1.campaign_id = c.id AND cm1.model_id = r1.model_id
           JOIN campaign_models cm2 ON cm2.campaign_id = c.id AND cm2.model_id = r2.model_id
         WHERE c.active ORDER BY c.created_at, c.id LIMIT 1) AS campaign_id
      FROM prompts p
      JOIN responses r1 ON r1.prompt_id = p.id
      JOIN responses r2 ON r2.prompt_id = p.id AND r1.model_id < r2.model_id
      JOIN models m1 ON m1.id = r1.model_id AND NOT m1.hidden AND NOT m1.retired
      JOIN models m2 ON m2.id = r2.model_id AND NOT m2.hidden AND NOT m2.retired
      WHERE p.language::text = ANY(${user.languages}::text[])
        AND NOT EXISTS (
          SELECT 1 FROM battles b
          WHERE b.annotator_id = ${user.id}::uuid AND b.prompt_id = p.id
            AND b.pair_low_id = r1.model_id AND b.pair_high_id = r2.model_id)
    ) candidate
    WHERE candidate.campaign_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM campaigns WHERE active)
    ORDER BY random()
    LIMIT 1`;
  return rows[0] ?? null;
}

// An unanswered, unexpired battle already issued to this annotator (a reload resumes it).
export async function findOpenBattle(userId: string): Promise<string | null> {
  const open = await db.battle.findFirst({
    where: { annotatorId: userId, vote: null, skippedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { issuedAt: "desc" },
    select: { id: true },
  });
  return open?.id ?? null;
}

export async function issueBattle(user: CurrentUser): Promise<BattleView | null> {
  const open = await findOpenBattle(user.id);
  if (open) return loadBattleView(open);
  // Two concurrent requests may pick the same candidate; the unique index lets one win, the other retries.
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = await pickCandidate(user);
    if (!candidate) return null;
    const lowOnLeft = randomInt(2) === 0;
    try {
      const battle = await db.battle.create({
        data: {
          annotatorId: user.id,
          promptId: candidate.prompt_id,
          modelAId: lowOnLeft ? candidate.low_id : candidate.high_id,
          modelBId: lowOnLeft ? candidate.high_id : candidate.low_id,
          pairLowId: candidate.low_id,
          pairHighId: candidate.high_id,
          campaignId: candidate.campaign_id,
          expiresAt: new Date(Date.now() + battleLifetimeMs),
        },
        select: { id: true },
      });
      return loadBattleView(battle.id);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue;
      throw error;
    }
  }
  return null;
}
