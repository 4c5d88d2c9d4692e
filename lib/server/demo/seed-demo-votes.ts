import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createRandom } from "@/lib/ratings";

// Demo strengths (rating points) per model and language, so the demo leaderboard has a known
// answer to show: nahla is stronger in Arabic, orion weaker.
const demoStrength: Record<string, { ar: number; en: number }> = {
  "qamar-70b": { ar: 1110, en: 1120 },
  "nahla-13b": { ar: 1100, en: 1050 },
  "atlas-7b": { ar: 990, en: 1010 },
  "sahm-chat": { ar: 960, en: 960 },
  "orion-mini": { ar: 850, en: 890 },
};

const simulatedAnnotators = 8;
const votesPerAnnotator = 70;

// Seeds votes from simulated annotators (disabled accounts nobody signs in with), once: only when
// the database has no votes yet. Outcomes are drawn from the strengths above with a fixed seed.
export async function seedDemoVotes(): Promise<number> {
  if ((await db.vote.count()) > 0) return 0;
  const models = await db.aiModel.findMany({ where: { key: { in: Object.keys(demoStrength) } }, select: { id: true, key: true } });
  const prompts = await db.prompt.findMany({
    select: { id: true, language: true, responses: { select: { modelId: true } } },
    orderBy: { externalId: "asc" },
  });
  if (models.length < 2 || prompts.length === 0) return 0;
  const keyOf = new Map(models.map((m) => [m.id, m.key]));
  const rng = createRandom(2026);
  const battles: Prisma.BattleCreateManyInput[] = [];
  const votes: Prisma.VoteCreateManyInput[] = [];
  const now = Date.now();

  for (let s = 0; s < simulatedAnnotators; s++) {
    const user = await db.user.upsert({
      where: { email: `simulated-${s + 1}@arena.local` },
      update: {},
      create: { email: `simulated-${s + 1}@arena.local`, name: `Simulated annotator ${s + 1}`, role: "annotator", disabled: true },
    });
    const seen = new Set<string>();
    for (let v = 0; v < votesPerAnnotator; v++) {
      const prompt = prompts[rng.nextInt(prompts.length)]!;
      const answered = prompt.responses.map((r) => r.modelId).filter((id) => keyOf.has(id));
      if (answered.length < 2) continue;
      const a = answered[rng.nextInt(answered.length)]!;
      let b = answered[rng.nextInt(answered.length - 1)]!;
      if (b === a) b = answered[answered.length - 1]!;
      const [low, high] = a < b ? [a, b] : [b, a];
      const key = `${prompt.id}:${low}:${high}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ra = demoStrength[keyOf.get(a)!]![prompt.language];
      const rb = demoStrength[keyOf.get(b)!]![prompt.language];
      const pA = 1 / (1 + 10 ** ((rb - ra) / 400));
      const u = rng.nextDouble();
      const winner = u < 0.04 ? "tie_bothbad" : u < 0.16 ? "tie" : rng.nextDouble() < pA ? "model_a" : "model_b";
      const at = new Date(now - (14 * 24 * 3600 * 1000 * (votesPerAnnotator - v)) / votesPerAnnotator - s * 60_000);
      const battleId = randomUUID();
      battles.push({ id: battleId, annotatorId: user.id, promptId: prompt.id, modelAId: a, modelBId: b, pairLowId: low, pairHighId: high, issuedAt: at, expiresAt: at });
      votes.push({
        battleId, annotatorId: user.id, promptId: prompt.id, modelAId: a, modelBId: b, language: prompt.language,
        winner, timeTakenMs: 8_000 + rng.nextInt(40_000), createdAt: new Date(at.getTime() + 20_000),
      });
    }
  }
  await db.$transaction([db.battle.createMany({ data: battles }), db.vote.createMany({ data: votes })]);
  return votes.length;
}
