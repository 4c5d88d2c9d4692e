import { authorizedRoute } from "@/lib/server/auth/route";
import { clientIp } from "@/lib/server/security/client-ip";
import { voteLimits } from "@/lib/server/security/limits";
import { enforce } from "@/lib/server/security/rate-limit";
import { recordVote } from "@/lib/server/votes/record-vote";
import { voteSchema } from "@/lib/validation/vote";
import { audiences } from "@/lib/validation/auth";

export const POST = authorizedRoute(audiences["signed-in"], voteSchema, async ({ user, input, request }) => {
  // Per-user and per-address limits (429 rate_limited with Retry-After when exceeded).
  await enforce(voteLimits(user.id, clientIp(request)));
  return { vote: await recordVote(user.id, input) };
});
