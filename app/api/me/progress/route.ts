import { authorizedRoute } from "@/lib/server/auth/route";
import { getAnnotatorProgress } from "@/lib/server/quality/get-annotator-progress";
import { progressQuerySchema } from "@/lib/validation/quality";
import { audiences } from "@/lib/validation/auth";

// The signed-in user's own voting progress (the battle page refetches it after each vote).
export const GET = authorizedRoute(audiences["signed-in"], progressQuerySchema, async ({ user, input }) => ({
  progress: await getAnnotatorProgress(user.id, input.tz),
}));
