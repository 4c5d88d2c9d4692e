// What an annotator may see of a battle before voting: no model ids or names, nothing that says whether
// it is a gold battle or re-issues someone else's (issue-battle.ts builds it in the same statement that
// issues the battle).
export type BattleView = {
  id: string;
  prompt: { text: string; language: "ar" | "en"; category: string };
  responseA: string;
  responseB: string;
  issuedAt: string;
  expiresAt: string;
};
