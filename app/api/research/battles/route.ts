import { authorizedRoute } from "@/lib/server/auth/route";
import { browseBattles } from "@/lib/server/research/browse-battles";
import { battleBrowserSchema } from "@/lib/validation/battle-browser";
import { audiences } from "@/lib/validation/auth";

// GET /api/research/battles?[leaderboard filters]&model&vs&outcome&annotator&after|before&pageSize — one
// page of the battle browser (prompts, both responses, the votes and reasons), newest first, with the
// cursors of the older and newer pages. Read-only; researchers and admins.
export const GET = authorizedRoute(audiences.researcher, battleBrowserSchema, async ({ input }) => browseBattles(input));
