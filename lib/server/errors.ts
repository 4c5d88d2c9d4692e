// Errors a use case raises on purpose: each carries the HTTP status and a stable code
// that clients (and tests) can rely on, plus a human message.
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const unauthorized = () => new AppError(401, "unauthorized", "Sign in first.");
export const forbidden = () => new AppError(403, "forbidden", "Your role does not allow this.");
export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found.`);
