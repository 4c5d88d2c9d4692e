// The Content Security Policy for pages. Scripts run only with this response's nonce (Next adds it
// to its own bootstrap and hydration scripts when the request carries the policy), plus what those
// scripts load ('strict-dynamic'); no inline script, no eval, no javascript: URLs, no plugins.
//
// Styles: <style> and <link> elements need the nonce or to come from this origin. Style
// *attributes* (style="…", used by React for e.g. chart sizes and progress bars) cannot carry a
// nonce, so 'unsafe-inline' is allowed for attributes only (style-src-attr). A style attribute
// cannot run script; the risk left is CSS-based page defacement inside the app's own markup.
export function contentSecurityPolicy(nonce: string, { dev = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// For API responses (JSON, never rendered as a document): nothing may load, nothing may frame it.
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
