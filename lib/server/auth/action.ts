import "server-only";
import { z } from "zod";
import { assertAllowed, getCurrentUser, type CurrentUser } from "./session";
import { AppError } from "@/lib/server/errors";
import type { Role } from "@/lib/validation/auth";

export type ActionError = { code: string; message: string; fieldErrors?: Record<string, string[]> };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

type ActionBody<S extends z.ZodType, T> = (args: { user: CurrentUser; input: z.output<S> }) => Promise<T>;

// Every server action goes through here, the action twin of authorizedRoute: signed in (role and
// disabled state read fresh from the database), authorised role, input parsed with its schema,
// errors returned as data (server actions must not throw secrets to the client).
export function authorizedAction<S extends z.ZodType, T>(allowed: readonly Role[], schema: S, body: ActionBody<S, T>) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    try {
      const user = await getCurrentUser();
      assertAllowed(user, allowed);
      const input = schema.parse(raw);
      return { ok: true, data: await body({ user, input }) };
    } catch (error) {
      return { ok: false, error: actionError(error) };
    }
  };
}

export function actionError(error: unknown): ActionError {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error instanceof z.ZodError) {
    const flat = z.flattenError(error);
    return {
      code: "invalid_input",
      message: flat.formErrors[0] ?? "Some fields are invalid.",
      fieldErrors: flat.fieldErrors as Record<string, string[]>,
    };
  }
  console.error(error);
  return { code: "unavailable", message: "The service is temporarily unavailable. Try again shortly." };
}
