import { NextResponse } from "next/server";
import { z } from "zod";
import { userForApiToken } from "@/lib/server/api-tokens/api-tokens";
import { errorResponse } from "./route";
import { getCurrentUser, hasRole, type CurrentUser } from "./session";
import { forbidden, unauthorized } from "@/lib/server/errors";

const readers = ["researcher", "admin"] as const;

// The read-only research API (GET only): a signed-in researcher or admin, or an admin-issued token
// sent as `Authorization: Bearer <token>`. Query parameters are validated with the route's schema.
export function readOnlyApiRoute<S extends z.ZodType>(schema: S, handler: (args: { user: CurrentUser; input: z.output<S>; request: Request }) => Promise<unknown>) {
  return async (request: Request): Promise<Response> => {
    try {
      const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
      const user = bearer ? await userForApiToken(bearer) : await getCurrentUser();
      if (!user) throw unauthorized();
      if (!hasRole(user, readers)) throw forbidden();
      const input = schema.parse(Object.fromEntries(new URL(request.url).searchParams));
      const result = await handler({ user, input, request });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
