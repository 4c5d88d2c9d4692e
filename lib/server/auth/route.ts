import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { assertAllowed, userForSession, userFromRequest, type CurrentUser } from "./session";
import { readSessionCookie, type SessionClaim } from "./session-cookie";
import { AppError, unauthorized } from "@/lib/server/errors";
import { readBodyText } from "@/lib/server/http/read-body";
import { RateLimitedError } from "@/lib/server/security/rate-limit";
import { assertSameOriginWrite, type BodyKind } from "@/lib/server/security/same-origin";
import type { Role } from "@/lib/validation/auth";

// Bodies larger than this are refused before parsing.
export const maxJsonBytes = 64 * 1024;

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AppError) {
    const headers = error instanceof RateLimitedError ? { "Retry-After": String(error.retryAfterSeconds) } : undefined;
    return NextResponse.json({ error: { code: error.code, message: error.message, details: error.details } }, { status: error.status, headers });
  }
  if (error instanceof z.ZodError) {
    return NextResponse.json(
      { error: { code: "invalid_input", message: "The request is invalid.", details: z.flattenError(error) } },
      { status: 422 },
    );
  }
  console.error(error);
  return NextResponse.json(
    { error: { code: "unavailable", message: "The service is temporarily unavailable. Try again shortly." } },
    { status: 503, headers: { "Retry-After": "2" } },
  );
}

// A JSON body, refused with 413 past maxBytes whether or not the client declared its length; reading
// stops at the limit.
export async function readJson(request: Request, maxBytes = maxJsonBytes): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

type Handler<S extends z.ZodType, P> = (args: { user: CurrentUser; input: z.output<S>; params: P; request: Request }) => Promise<unknown>;

// Who is calling: by default the signed-in session; the read-only API also accepts bearer tokens.
export type ResolvePrincipal = (request: Request) => Promise<CurrentUser | null>;
const sessionPrincipal: ResolvePrincipal = userFromRequest;

// A parameter given twice (style=on&style=off) is refused: taking one of them silently answered a question the
// caller may not have asked (outside eyes saw a style block beside filters.style "off").
const readQuery = async (request: Request) => {
  const params = new URL(request.url).searchParams;
  const query: Record<string, string> = {};
  for (const [name, value] of params) {
    if (Object.hasOwn(query, name)) {
      throw new AppError(422, "invalid_input", `The query parameter "${name}" is given more than once; give it once.`, { formErrors: [], fieldErrors: { [name]: ["given more than once"] } });
    }
    query[name] = value;
  }
  return query;
};
const readBodyOrQuery = (request: Request) => (request.method === "GET" ? readQuery(request) : readJson(request));

const readOnlyMethods = new Set(["GET", "HEAD", "OPTIONS"]);

// The one chain every API route goes through: identify the caller, check the role (read fresh from the
// database), for a state-changing method check the content type and that it came from this site,
// validate the input with the route's schema, run the handler, map errors to JSON.
export function guardedRoute<S extends z.ZodType, P = Record<string, string>>(options: {
  allowed: readonly Role[];
  schema: S;
  readInput?: (request: Request) => Promise<unknown>;
  principal?: ResolvePrincipal;
  // What a state-changing request must carry (see assertSameOriginWrite): JSON unless said otherwise.
  bodyKind?: BodyKind;
  handler: Handler<S, P>;
}) {
  const { allowed, schema, readInput = readBodyOrQuery, principal = sessionPrincipal, bodyKind = "json", handler } = options;
  return async (request: Request, context?: { params: Promise<P> }): Promise<Response> => {
    try {
      const user = await principal(request);
      assertAllowed(user, allowed);
      if (!readOnlyMethods.has(request.method)) assertSameOriginWrite(request, bodyKind);
      const input = schema.parse(await readInput(request));
      const params = ((await context?.params) ?? {}) as P;
      const result = await handler({ user, input, params, request });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

// JSON routes: the body (or, for GET, the query string) validated with the schema.
export function authorizedRoute<S extends z.ZodType, P = Record<string, string>>(allowed: readonly Role[], schema: S, handler: Handler<S, P>) {
  return guardedRoute<S, P>({ allowed, schema, handler });
}

// The vote route's chain: as authorizedRoute, except that the session's user is read by the handler's first
// statement (record-vote.ts, one round trip fewer per vote) rather than before it: the handler gets the
// cookie's claim and must throw 401 for an ended session and 403 for a role not in `allowed` before it
// counts or writes anything. The answers keep authorizedRoute's order: no cookie is 401 at once, and when the
// origin or the input is refused the session is checked first, so an ended session still hears 401 then.
export function sessionCheckedRoute<S extends z.ZodType>(
  allowed: readonly Role[],
  schema: S,
  handler: (args: { session: { claim: SessionClaim; allowed: readonly Role[] }; input: z.output<S>; request: Request }) => Promise<unknown>,
) {
  // (The second argument, Next's route context, is not used: the route has no dynamic segment.)
  return async (request: Request, _context?: unknown): Promise<Response> => {
    try {
      const claim = await readSessionCookie(request);
      if (!claim) throw unauthorized();
      let input: z.output<S>;
      try {
        assertSameOriginWrite(request, "json");
        input = schema.parse(await readJson(request));
      } catch (error) {
        assertAllowed(await userForSession(claim), allowed);
        throw error;
      }
      const result = await handler({ session: { claim, allowed }, input, request });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

// Routes whose body is a raw stream (prompt file uploads): only the query string is validated and the
// body is left unread for the handler to stream.
export function authorizedStreamRoute<S extends z.ZodType, P = Record<string, string>>(allowed: readonly Role[], querySchema: S, handler: Handler<S, P>) {
  return guardedRoute<S, P>({ allowed, schema: querySchema, readInput: readQuery, bodyKind: "upload", handler });
}

// GET-only routes of the read-only research API, open to a session or an admin-issued bearer token.
export function readOnlyRoute<S extends z.ZodType>(allowed: readonly Role[], schema: S, principal: ResolvePrincipal, handler: Handler<S, Record<string, string>>) {
  return guardedRoute({ allowed, schema, readInput: readQuery, principal, handler });
}
