// Style features of responses (lib/ratings/style-features.ts) in the database: computed for every response the
// import inserts or changes, and filled in for rows stored before the columns existed (style_tokens IS NULL) by
// backfillStyleFeatures, which `npm start` runs after migrations. The backfill touches only NULL rows, so running
// it again does nothing; it works in batches (memory stays flat) and each batch is one UPDATE … FROM unnest.
import "server-only";
import { styleFeatures } from "@/lib/ratings/style-features";
import type { DbClient } from "./import-prompt-set";

/** Column arrays of the four features for bulk statements, in the order of `texts`. */
export function styleColumns(texts: readonly string[]) {
  const out = { tokens: [] as number[], headers: [] as number[], lists: [] as number[], bold: [] as number[] };
  for (const text of texts) {
    const f = styleFeatures(text);
    out.tokens.push(f.tokens);
    out.headers.push(f.headers);
    out.lists.push(f.lists);
    out.bold.push(f.bold);
  }
  return out;
}

/** Compute the features of responses that have none yet. Returns how many rows were filled. */
export async function backfillStyleFeatures(client: DbClient, batchSize = 500): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await client.$queryRaw<{ id: string; text: string }[]>`
      SELECT id, text FROM responses WHERE style_tokens IS NULL ORDER BY id LIMIT ${batchSize}`;
    if (rows.length === 0) return filled;
    const c = styleColumns(rows.map((r) => r.text));
    // "AND style_tokens IS NULL": a concurrent import that already wrote features wins (same values anyway).
    filled += await client.$executeRaw`
      UPDATE responses r SET style_tokens = u.tokens, style_headers = u.headers, style_lists = u.lists, style_bold = u.bold
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${c.tokens}::int[], ${c.headers}::int[], ${c.lists}::int[], ${c.bold}::int[])
        AS u(id, tokens, headers, lists, bold)
      WHERE r.id = u.id AND r.style_tokens IS NULL`;
    if (rows.length < batchSize) return filled;
  }
}
