import type { ReasonFlag } from "@/lib/validation/reason-flags";

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
  // The reason flags the annotator may set per response (the campaign's, or the defaults outside one).
  // Optional, like campaign: clients treat a view without them as offering none.
  flags?: ReasonFlag[];
  // The campaign the battle belongs to, with its guidelines (null when it has none) and whether this
  // annotator has acknowledged the current version of them (shown before the first battle otherwise).
  campaign?: { id: string; name: string; guidelines: CampaignGuidelines | null; guidelinesAcknowledged: boolean } | null;
};

// Markdown, one text per UI language; an empty one falls back to the other language's.
export type CampaignGuidelines = { ar: string; en: string };
