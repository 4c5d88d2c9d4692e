import { authorizedRoute } from "@/lib/server/auth/route";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { emptySchema } from "@/lib/validation/vote";
import { audiences } from "@/lib/validation/auth";

// Issues the annotator's next battle (or resumes the open one); { battle: null } when none is left.
export const POST = authorizedRoute(audiences["signed-in"], emptySchema, async ({ user }) => ({
  battle: await issueBattle(user),
}));
