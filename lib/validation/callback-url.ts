// Where to go after sign-in: only a path on this site. Checked by resolving it the way the browser
// will (which drops tabs and newlines, reads "\" as "/" and removes "." and ".." segments, encoded
// or not), so "/\t/evil.example", "/\\evil.example" and "//evil.example" cannot leave the site.
// The resolved path is checked again: "/.//evil.example" resolves on this site to the path
// "//evil.example", which the browser would read as another host when it follows it.
// Answers the normalised path, or the fallback.
export function safeCallbackPath(raw: unknown, fallback = "/battle"): string {
  if (typeof raw !== "string" || !raw.startsWith("/")) return fallback;
  const base = "http://arena.invalid";
  try {
    const url = new URL(raw, base);
    if (url.origin !== base) return fallback;
    // Also refused when one more decoding ("/%2F/evil.example") would make it protocol-relative:
    // some routers decode the path before they follow it.
    if (!isSiteRelativePath(url.pathname) || !isSiteRelativePath(decodeOnce(url.pathname))) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    // What we answer must resolve to itself on this site.
    const again = new URL(path, base);
    return again.origin === base && `${again.pathname}${again.search}${again.hash}` === path ? path : fallback;
  } catch {
    return fallback;
  }
}

// "/x", never "//x" or "/\x" (both are another host to a browser).
const isSiteRelativePath = (path: string) => path.startsWith("/") && !/^\/[/\\]/.test(path);

function decodeOnce(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return "//"; // not decodable: refused
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
