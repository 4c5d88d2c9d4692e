import { authorizedRoute } from "@/lib/server/auth/route";
import { addLiveTurn } from "@/lib/server/live/live-battles";
import { liveTurnResponse } from "@/lib/server/live/stream-turn";
import { livePromptLimits } from "@/lib/server/security/limits";
import { enforce } from "@/lib/server/security/rate-limit";
import { audiences } from "@/lib/validation/auth";
import { liveParamsSchema, liveTurnSchema } from "@/lib/validation/live";

// A follow-up turn to the same two models: { prompt } → an NDJSON stream of the turn.
export const POST = authorizedRoute(audiences["signed-in"], liveTurnSchema, async ({ user, input, params }) => {
  const { id } = liveParamsSchema.parse(params);
  await enforce(livePromptLimits(user.id));
  const started = await addLiveTurn(user, id, input.prompt);
  return liveTurnResponse({ type: "battle", ...started }, started.battleId, started.turn);
});
