import "server-only";
import { db } from "@/lib/db";

export const goldPairsShown = 200;

export type GoldPairRow = {
  id: string;
  createdAt: Date;
  prompt: { id: string; externalId: string; setName: string; language: string; excerpt: string };
  better: { id: string; key: string; displayName: string };
  worse: { id: string; key: string; displayName: string };
  // Votes cast on gold battles for this pair, and how many chose the better model.
  goldVotes: number;
  goldCorrect: number;
};

const excerptChars = 160;

// The newest gold pairs with their prompt, both models and how annotators have done on them.
export async function listGoldPairs(): Promise<{ pairs: GoldPairRow[]; total: number }> {
  const [pairs, total, models] = await Promise.all([
    db.goldPair.findMany({
      orderBy: { createdAt: "desc" },
      take: goldPairsShown,
      select: {
        id: true, createdAt: true, modelLowId: true, modelHighId: true, betterModelId: true,
        prompt: { select: { id: true, externalId: true, language: true, text: true, promptSet: { select: { name: true } } } },
      },
    }),
    db.goldPair.count(),
    db.aiModel.findMany({ select: { id: true, key: true, displayName: true } }),
  ]);
  const ids = pairs.map((p) => p.id);
  const results = ids.length
    ? await db.$queryRaw<{ id: string; votes: bigint; correct: bigint }[]>`
        SELECT g.id::text AS id, count(v.id) AS votes,
               count(v.id) FILTER (WHERE (v.winner = 'model_a' AND v.model_a_id = g.better_model_id)
                                      OR (v.winner = 'model_b' AND v.model_b_id = g.better_model_id)) AS correct
        FROM gold_pairs g
        JOIN votes v ON v.prompt_id = g.prompt_id
                    AND LEAST(v.model_a_id, v.model_b_id) = g.model_low_id
                    AND GREATEST(v.model_a_id, v.model_b_id) = g.model_high_id
        JOIN battles b ON b.id = v.battle_id
        WHERE g.id = ANY(${ids}::uuid[]) AND (v.is_gold OR b.is_gold)
        GROUP BY g.id`
    : [];
  const byId = new Map(models.map((m) => [m.id, m]));
  const resultBy = new Map(results.map((r) => [r.id, r]));
  const model = (id: string) => byId.get(id) ?? { id, key: "?", displayName: "?" };
  return {
    total,
    pairs: pairs.map((p) => {
      const worseId = p.betterModelId === p.modelLowId ? p.modelHighId : p.modelLowId;
      const text = p.prompt.text.replace(/\s+/g, " ").trim();
      return {
        id: p.id,
        createdAt: p.createdAt,
        prompt: {
          id: p.prompt.id,
          externalId: p.prompt.externalId,
          setName: p.prompt.promptSet.name,
          language: p.prompt.language,
          excerpt: text.length > excerptChars ? `${text.slice(0, excerptChars)}…` : text,
        },
        better: model(p.betterModelId),
        worse: model(worseId),
        goldVotes: Number(resultBy.get(p.id)?.votes ?? 0),
        goldCorrect: Number(resultBy.get(p.id)?.correct ?? 0),
      };
    }),
  };
}
