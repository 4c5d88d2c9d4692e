import { db } from "@/lib/db";

// What an annotator may see of a battle before voting: no model ids or names.
export type BattleView = {
  id: string;
  prompt: { text: string; language: "ar" | "en"; category: string };
  responseA: string;
  responseB: string;
  issuedAt: string;
  expiresAt: string;
};

export async function loadBattleView(battleId: string): Promise<BattleView | null> {
  const battle = await db.battle.findUnique({
    where: { id: battleId },
    select: { id: true, promptId: true, modelAId: true, modelBId: true, issuedAt: true, expiresAt: true, prompt: { select: { text: true, language: true, category: true } } },
  });
  if (!battle) return null;
  const responses = await db.response.findMany({
    where: { promptId: battle.promptId, modelId: { in: [battle.modelAId, battle.modelBId] } },
    select: { modelId: true, text: true },
  });
  const textOf = (modelId: string) => responses.find((r) => r.modelId === modelId)?.text ?? "";
  return {
    id: battle.id,
    prompt: battle.prompt,
    responseA: textOf(battle.modelAId),
    responseB: textOf(battle.modelBId),
    issuedAt: battle.issuedAt.toISOString(),
    expiresAt: battle.expiresAt.toISOString(),
  };
}
