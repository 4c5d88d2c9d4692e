import { authorizedRoute } from "@/lib/server/auth/route";
import { ownLiveBattle } from "@/lib/server/live/live-battles";
import { closeOrphanTurns, stopLiveStreams } from "@/lib/server/live/stream-turn";
import { audiences } from "@/lib/validation/auth";
import { liveParamsSchema } from "@/lib/validation/live";
import { emptySchema } from "@/lib/validation/vote";

// The stop button: ends both answers of the running turn (the partial answers stand and can be voted on).
export const POST = authorizedRoute(audiences["signed-in"], emptySchema, async ({ user, params }) => {
  const { id } = liveParamsSchema.parse(params);
  await ownLiveBattle(user, id);
  // Streamed by this process: its stream stores what arrived and ends. Otherwise (another instance, a restart) the turn is closed here.
  if (!stopLiveStreams(id)) await closeOrphanTurns(id);
  return { ok: true };
});
