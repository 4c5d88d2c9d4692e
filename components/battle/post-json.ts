// POSTs JSON and retries network failures and 503s with the same body. Safe for votes because
// the server records a repeated vote once and answers it the same way.
export type PostResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

export async function postJson<T>(url: string, body: unknown, attempts = 3): Promise<PostResult<T>> {
  let last: PostResult<T> = { ok: false, status: 0, message: "Network error" };
  for (let i = 0; i < attempts; i++) {
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = await response.json().catch(() => ({}));
      if (response.ok) return { ok: true, data: json as T };
      last = { ok: false, status: response.status, message: json?.error?.message ?? response.statusText };
      if (response.status !== 503) return last;
    } catch {
      last = { ok: false, status: 0, message: "Network error" };
    }
    await new Promise((r) => setTimeout(r, 300 * 2 ** i));
  }
  return last;
}
