import { authorizedRoute } from "@/lib/server/auth/route";
import { getAnnotatorProgress } from "@/lib/server/quality/get-annotator-progress";
import { progressQuerySchema } from "@/lib/validation/quality";

// The signed-in user's own voting progress (the battle page refetches it after each vote).
export const GET = authorizedRoute(["annotator", "researcher", "admin"], progressQuerySchema, async ({ user, input }) => ({
  progress: await getAnnotatorProgress(user.id, input.tz),
}));
