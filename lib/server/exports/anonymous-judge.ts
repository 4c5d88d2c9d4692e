import { createHmac } from "node:crypto";

// Exports name annotators by a keyed hash: stable across exports, not reversible to an account.
export function anonymousJudgeId(annotatorId: string): string {
  const key = process.env.NEXTAUTH_SECRET ?? "arena";
  return `judge_${createHmac("sha256", key).update(annotatorId).digest("hex").slice(0, 12)}`;
}
