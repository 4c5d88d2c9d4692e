// The address a request came from. Next's server sets X-Forwarded-For from the socket when the
// header is absent, and a reverse proxy appends the address it saw, so the last entry is the one
// written by the nearest trusted hop. (Exposed directly to the internet without a proxy, a client
// may send its own header; the per-user and per-email limits still hold then.)
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return (last ?? request.headers.get("x-real-ip") ?? "unknown").slice(0, 64);
}
