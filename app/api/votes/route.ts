import { authorizedRoute } from "@/lib/server/auth/route";
import { recordVote } from "@/lib/server/votes/record-vote";
import { voteSchema } from "@/lib/validation/vote";

export const POST = authorizedRoute(["annotator", "researcher", "admin"], voteSchema, async ({ user, input }) => ({
  vote: await recordVote(user.id, input),
}));
