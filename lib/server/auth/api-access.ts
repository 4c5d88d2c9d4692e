import "server-only";
import { z } from "zod";
import { userForApiToken } from "@/lib/server/api-tokens/api-tokens";
import { assertKnownFilters } from "@/lib/server/research/known-filters";
import { readOnlyRoute, type ResolvePrincipal } from "./route";
import { getCurrentUser, type CurrentUser } from "./session";
import { audiences } from "@/lib/validation/auth";

// A bearer token (`Authorization: Bearer arena_…`) acts as the admin who issued it; otherwise the session.
const sessionOrToken: ResolvePrincipal = async (request) => {
  const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ? userForApiToken(bearer) : getCurrentUser();
};

// The read-only research API (GET only): researchers and admins, by session or admin-issued token.
export function readOnlyApiRoute<S extends z.ZodType>(schema: S, handler: (args: { user: CurrentUser; input: z.output<S>; request: Request }) => Promise<unknown>) {
  // Every route here takes the leaderboard filters: a category or tag no prompt has is a 422, not an empty 200.
  return readOnlyRoute(audiences.researcher, schema, sessionOrToken, async (args) => {
    await assertKnownFilters(args.input as { category?: string; tag?: string });
    return handler(args);
  });
}
