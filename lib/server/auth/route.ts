import { NextResponse } from "next/server";
import { z } from "zod";
import { getCurrentUser, hasRole, type CurrentUser } from "./session";
import { AppError, forbidden, unauthorized } from "@/lib/server/errors";
import { RateLimitedError } from "@/lib/server/security/rate-limit";
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

async function readJson(request: Request): Promise<unknown> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxJsonBytes) throw new AppError(413, "payload_too_large", `The request body is larger than ${maxJsonBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxJsonBytes) throw new AppError(413, "payload_too_large", `The request body is larger than ${maxJsonBytes} bytes.`);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

type Handler<S extends z.ZodType, P> = (args: { user: CurrentUser; input: z.output<S>; params: P; request: Request }) => Promise<unknown>;

// Every API route goes through here: signed in, authorised role, body validated, errors mapped to JSON.
export function authorizedRoute<S extends z.ZodType, P = Record<string, string>>(
  allowed: readonly Role[],
  schema: S,
  handler: Handler<S, P>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<NextResponse> => {
    try {
      const user = await getCurrentUser();
      if (!user) throw unauthorized();
      if (!hasRole(user, allowed)) throw forbidden();
      const body = request.method === "GET" ? Object.fromEntries(new URL(request.url).searchParams) : await readJson(request);
      const input = schema.parse(body);
      const params = (await context.params) ?? ({} as P);
      const result = await handler({ user, input, params, request });
      return result instanceof NextResponse ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

// For routes whose body is a raw stream (prompt file uploads): signed in, authorised role, query string
// validated, errors mapped to JSON, and the body left unread for the handler to stream.
export function authorizedStreamRoute<S extends z.ZodType, P = Record<string, string>>(
  allowed: readonly Role[],
  querySchema: S,
  handler: Handler<S, P>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<NextResponse> => {
    try {
      const user = await getCurrentUser();
      if (!user) throw unauthorized();
      if (!hasRole(user, allowed)) throw forbidden();
      const input = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
      const params = (await context.params) ?? ({} as P);
      const result = await handler({ user, input, params, request });
      return result instanceof NextResponse ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
