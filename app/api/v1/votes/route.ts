import { readOnlyApiRoute } from "@/lib/server/auth/api-access";
import { csvLine } from "@/lib/server/exports/csv";
import { startStream, streamVotes, textStream, toCleanBattle, toVoteRecord } from "@/lib/server/exports/stream-votes";
import { voteCsvColumns, voteCsvRow } from "@/lib/server/exports/stream-votes";
import { votesExportSchema } from "@/lib/validation/leaderboard-filters";

// GET /api/v1/votes?[filters]&format=jsonl|csv|clean_battle — every filtered vote, streamed.
// clean_battle is FastChat's JSON array shape; jsonl carries more fields, one vote per line; csv the
// same fields as jsonl, lists (tags, flags) joined with ";".
export const GET = readOnlyApiRoute(votesExportSchema, async ({ input: { format, ...filters } }) => {
  const votes = await startStream(streamVotes(filters));
  async function* body() {
    if (format === "jsonl") {
      for await (const vote of votes) yield `${JSON.stringify(toVoteRecord(vote))}\n`;
      return;
    }
    if (format === "csv") {
      yield csvLine(voteCsvColumns);
      for await (const vote of votes) yield csvLine(voteCsvRow(vote));
      return;
    }
    let first = true;
    yield "[";
    for await (const vote of votes) {
      yield `${first ? "\n" : ",\n"}${JSON.stringify(toCleanBattle(vote))}`;
      first = false;
    }
    yield "\n]\n";
  }
  const [type, name] =
    format === "jsonl" ? ["application/x-ndjson", "arena-votes.jsonl"] : format === "csv" ? ["text/csv", "arena-votes.csv"] : ["application/json", "arena-clean-battle.json"];
  return new Response(textStream(body()), {
    headers: { "content-type": `${type}; charset=utf-8`, "content-disposition": `attachment; filename="${name}"` },
  });
});
