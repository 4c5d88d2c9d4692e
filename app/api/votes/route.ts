import { sessionCheckedRoute } from "@/lib/server/auth/route";
import { clientIp } from "@/lib/server/security/client-ip";
import { voteLimits } from "@/lib/server/security/limits";
import { recordSessionVote } from "@/lib/server/votes/record-vote";
import { voteRequestSchema } from "@/lib/validation/vote";
import { audiences } from "@/lib/validation/auth";

// { vote } — or, when the body says `next: true`, { vote, next: { battle } }: the vote and the annotator's
// next battle (null when none is left) committed together, so the vote loop needs one request per vote.
// POST /api/battles/next still issues on its own (API clients, the first battle, after a skip or an error).
// The session's user (role, disabled, revoked) is read by the vote's first statement, with the rate limits
// and the battle (sessionCheckedRoute, record-vote.ts): an ended session is 401 before anything is counted.
export const POST = sessionCheckedRoute(audiences["signed-in"], voteRequestSchema, async ({ session, input, request }) => {
  // Per-user and per-address limits (429 rate_limited with Retry-After when exceeded), counted in the
  // vote's first statement.
  const limits = voteLimits(session.claim.userId, clientIp(request));
  const { next, ...vote } = input;
  return recordSessionVote(session, vote, { next, limits });
});
