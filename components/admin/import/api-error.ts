// Turns an import API error ({ error: { code, details } }) into a sentence in the admin's language.
type Translate = ((key: string, values?: Record<string, string | number>) => string) & { has: (key: string) => boolean };

export function apiErrorMessage(t: Translate, status: number, body: unknown): string {
  const error = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  const code = error?.code ?? "";
  const details = Object.fromEntries(Object.entries(error?.details ?? {}).filter(([, v]) => typeof v === "string" || typeof v === "number")) as Record<string, string | number>;
  if (code && t.has(`errors.${code}`)) {
    try {
      return t(`errors.${code}`, details);
    } catch {
      // a parameter is missing: fall through to the server's message
    }
  }
  return error?.message ?? t("errors.generic", { status });
}
