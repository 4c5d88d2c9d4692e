import "server-only";
import { db } from "@/lib/db";
import type { AgreementLabel, SharedItem } from "@/lib/quality/agreement";

// Shared items only: one row per prompt + unordered model pair that at least two annotators voted
// on, with each vote oriented to the pair's canonical order (lower model id first: "low" = the
// lower-id model won). The GROUP BY … HAVING leaves single-annotator items (most votes) in the database.
export async function listSharedItems(): Promise<SharedItem[]> {
  const rows = await db.$queryRaw<{ annotators: string[]; labels: AgreementLabel[] }[]>`
    SELECT array_agg(v.annotator_id::text ORDER BY v.annotator_id) AS annotators,
           array_agg(CASE
                       WHEN v.winner IN ('tie', 'tie_bothbad') THEN 'tie'
                       WHEN (v.winner = 'model_a') = (v.model_a_id < v.model_b_id) THEN 'low'
                       ELSE 'high'
                     END ORDER BY v.annotator_id) AS labels
    FROM votes v
    GROUP BY v.prompt_id, LEAST(v.model_a_id, v.model_b_id), GREATEST(v.model_a_id, v.model_b_id)
    HAVING count(DISTINCT v.annotator_id) >= 2`;
  return rows.map((row) => ({ votes: row.annotators.map((annotatorId, i) => ({ annotatorId, label: row.labels[i]! })) }));
}
