import "server-only";
import { z } from "zod";
import { userForApiToken } from "@/lib/server/api-tokens/api-tokens";
import { AppError } from "@/lib/server/errors";
import { assertKnownFilters } from "@/lib/server/research/known-filters";
import { readOnlyRoute, type ResolvePrincipal } from "./route";
import { getCurrentUser, type CurrentUser } from "./session";
import { audiences } from "@/lib/validation/auth";

// A bearer token (`Authorization: Bearer arena_…`) acts as the admin who issued it; otherwise the session. A token
// that is not (or no longer) valid is said to be so, rather than "Sign in first.", which a script cannot act on.
const sessionOrToken: ResolvePrincipal = async (request) => {
  const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!bearer) return getCurrentUser();
  const user = await userForApiToken(bearer);
  if (!user) throw new AppError(401, "invalid_token", "The API token is not valid, or it was revoked: ask an admin for a new one.");
  return user;
};

// The read-only research API (GET only): researchers and admins, by session or admin-issued token.
export function readOnlyApiRoute<S extends z.ZodType>(schema: S, handler: (args: { user: CurrentUser; input: z.output<S>; request: Request }) => Promise<unknown>) {
  // Every route here takes the leaderboard filters: a category or tag no prompt has is a 422, not an empty 200.
  const route = readOnlyRoute(audiences.researcher, schema, sessionOrToken, async (args) => {
    await assertKnownFilters(args.input as { category?: string; tag?: string });
    return handler(args);
  });
  return async (request: Request, context?: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const response = await route(request, context);
    // What is answered depends on who asks (a token or a session cookie): no cache may keep it or hand it to another.
    response.headers.set("Cache-Control", "private, no-store");
    response.headers.append("Vary", "Authorization, Cookie");
    // RFC 6750: a 401 names the scheme a client should use.
    if (response.status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="Arena research API"');
    return response;
  };
}
