// Where to go after sign-in: only a path on this site. Checked by resolving it the way the browser
// will (which drops tabs and newlines and reads "\" as "/"), so "/\t/evil.example", "/\\evil.example"
// and "//evil.example" cannot leave the site. Answers the normalised path, or the fallback.
export function safeCallbackPath(raw: unknown, fallback = "/battle"): string {
  if (typeof raw !== "string" || !raw.startsWith("/")) return fallback;
  const base = "http://arena.invalid";
  try {
    const url = new URL(raw, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}

// Whether next-auth can follow a callbackUrl at all (it answers anything else with a 500): an http(s)
// URL, or a path resolved against this site. Where it then sends the user is next-auth's redirect rule.
export function isFollowableCallbackUrl(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}
