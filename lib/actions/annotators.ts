"use server";

import "server-only";
import { authorizedAction } from "@/lib/server/auth/action";
import { setAnnotatorExcluded } from "@/lib/server/quality/set-annotator-excluded";
import { setAnnotatorExcludedSchema } from "@/lib/validation/quality";
import { audiences } from "@/lib/validation/auth";

// One click on the annotators page: researchers manage their team's quality, admins too.
export const setAnnotatorExcludedAction = authorizedAction(audiences.researcher, setAnnotatorExcludedSchema, ({ user, input }) => setAnnotatorExcluded(user.id, input));
