import { authorizedRoute } from "@/lib/server/auth/route";
import { acknowledgeGuidelines } from "@/lib/server/campaigns/campaign-guidance";
import { audiences } from "@/lib/validation/auth";
import { campaignParamsSchema } from "@/lib/validation/reason-flags";
import { emptySchema } from "@/lib/validation/vote";

// The annotator has read this campaign's guidelines: the battle page shows them before the first battle
// of a campaign until this is recorded (per annotator and campaign).
export const POST = authorizedRoute(audiences["signed-in"], emptySchema, async ({ user, params }) => {
  const { id } = campaignParamsSchema.parse(params);
  return { acknowledgement: await acknowledgeGuidelines(user.id, id) };
});
