// POSTs JSON and retries network failures and 503s with the same body. Safe for votes because
// the server records a repeated vote once and answers it the same way.
// A failure carries the server's stable error code (or "network" / "http"), never its English text:
// the UI words it in its own language (apiErrorText).
export type ApiFailure = { status: number; code: string; details?: Record<string, unknown> };
export type PostResult<T> = { ok: true; data: T } | ({ ok: false } & ApiFailure);

export async function postJson<T>(url: string, body: unknown, attempts = 3): Promise<PostResult<T>> {
  let last: PostResult<T> = { ok: false, status: 0, code: "network" };
  for (let i = 0; i < attempts; i++) {
    try {
      // Content-Type application/json: state-changing routes refuse anything else.
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = await response.json().catch(() => null);
      if (response.ok) return { ok: true, data: json as T };
      const error = (json as { error?: { code?: unknown; details?: unknown } } | null)?.error;
      const details = typeof error?.details === "object" && error.details !== null ? (error.details as Record<string, unknown>) : {};
      const retryAfter = Number(response.headers.get("retry-after"));
      if (Number.isFinite(retryAfter) && retryAfter > 0 && details.retryAfterSeconds === undefined) details.retryAfterSeconds = retryAfter;
      last = { ok: false, status: response.status, code: typeof error?.code === "string" ? error.code : "http", details };
      if (response.status !== 503) return last;
    } catch {
      last = { ok: false, status: 0, code: "network" };
    }
    await new Promise((r) => setTimeout(r, 300 * 2 ** i));
  }
  return last;
}
