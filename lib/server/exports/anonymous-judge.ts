import "server-only";
import { createHmac } from "node:crypto";
import { env } from "@/lib/server/env";

// Exports name annotators by a keyed hash: stable across exports, not reversible to an account. The key is the
// session secret (never a fixed fallback, which would make the hash reversible by anyone with the code).
export function anonymousJudgeId(annotatorId: string): string {
  const key = env("NEXTAUTH_SECRET");
  if (!key) throw new Error("NEXTAUTH_SECRET is not set: exports need it to name annotators anonymously.");
  return `judge_${createHmac("sha256", key).update(annotatorId).digest("hex").slice(0, 12)}`;
}
