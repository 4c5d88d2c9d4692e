import { authorizedRoute } from "@/lib/server/auth/route";
import { skipBattle } from "@/lib/server/battles/skip-battle";
import { skipLimits } from "@/lib/server/security/limits";
import { enforce } from "@/lib/server/security/rate-limit";
import { battleParamsSchema, emptySchema } from "@/lib/validation/vote";
import { audiences } from "@/lib/validation/auth";

export const POST = authorizedRoute(audiences["signed-in"], emptySchema, async ({ user, params }) => {
  const { id } = battleParamsSchema.parse(params);
  // Per-user limit (429 rate_limited with Retry-After when exceeded; ARENA_SKIP_RATE_PER_USER).
  await enforce(skipLimits(user.id));
  await skipBattle(user.id, id);
  return { ok: true };
});
