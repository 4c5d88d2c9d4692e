import { authorizedRoute } from "@/lib/server/auth/route";
import { assertLiveLanguage, startLiveBattle } from "@/lib/server/live/live-battles";
import { liveTurnResponse } from "@/lib/server/live/stream-turn";
import { livePromptLimits } from "@/lib/server/security/limits";
import { enforce } from "@/lib/server/security/rate-limit";
import { audiences } from "@/lib/validation/auth";
import { liveStartSchema } from "@/lib/validation/live";

// A new live battle: { prompt, language } → an NDJSON stream of its first turn (lib/validation/live.ts LiveEvent).
export const POST = authorizedRoute(audiences["signed-in"], liveStartSchema, async ({ user, input }) => {
  assertLiveLanguage(user, input.language);
  // Each prompt costs two model calls: per-user limit (ARENA_LIVE_PROMPTS_PER_USER, 429 rate_limited).
  await enforce(livePromptLimits(user.id));
  const { started, modelIds, stored } = await startLiveBattle(user, input);
  return liveTurnResponse({ type: "battle", ...started }, started.battleId, started.turn, {
    prompt: input.prompt, language: input.language, turnLimit: started.turnLimit, modelIds, stored,
  });
});
