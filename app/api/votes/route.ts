import { authorizedRoute } from "@/lib/server/auth/route";
import { clientIp } from "@/lib/server/security/client-ip";
import { voteLimits } from "@/lib/server/security/limits";
import { recordVote, recordVoteAndIssueNext } from "@/lib/server/votes/record-vote";
import { voteRequestSchema } from "@/lib/validation/vote";
import { audiences } from "@/lib/validation/auth";

// { vote } — or, when the body says `next: true`, { vote, next: { battle } }: the vote and the annotator's
// next battle (null when none is left) committed together, so the vote loop needs one request per vote.
// POST /api/battles/next still issues on its own (API clients, the first battle, after a skip or an error).
export const POST = authorizedRoute(audiences["signed-in"], voteRequestSchema, async ({ user, input, request }) => {
  // Per-user and per-address limits (429 rate_limited with Retry-After when exceeded), counted in the
  // vote's first statement.
  const limits = voteLimits(user.id, clientIp(request));
  const { next, ...vote } = input;
  if (next) return recordVoteAndIssueNext(user, vote, { limits });
  return { vote: await recordVote(user.id, vote, { limits }) };
});
