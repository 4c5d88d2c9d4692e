import { authorizedRoute } from "@/lib/server/auth/route";
import { skipBattle } from "@/lib/server/battles/skip-battle";
import { battleParamsSchema, emptySchema } from "@/lib/validation/vote";

export const POST = authorizedRoute(["annotator", "researcher", "admin"], emptySchema, async ({ user, params }) => {
  const { id } = battleParamsSchema.parse(params);
  await skipBattle(user.id, id);
  return { ok: true };
});
