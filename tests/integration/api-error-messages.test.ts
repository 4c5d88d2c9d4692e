import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { apiErrorText } from "@/components/api-error-text";
import { messages } from "@/lib/i18n/messages";

const root = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

// Every error code the server can answer an API request with: AppError codes (and subclasses) and the
// literal { error: { code } } bodies of the route chain, the proxy and the auth route.
function apiErrorCodes(): string[] {
  const files = [...sourceFiles(path.join(root, "lib/server")), ...sourceFiles(path.join(root, "app/api")), path.join(root, "proxy.ts")];
  const codes = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:new AppError|super)\(\s*\d{3},\s*"([a-z_]+)"/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/error: \{ code: "([a-z_]+)"/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/\{\s*code: "([a-z_]+)",\s*message:/g)) codes.add(m[1]!);
  }
  return [...codes].sort();
}

type Tree = Record<string, unknown>;
const translator = (tree: Tree) => {
  const lookup = (key: string) => key.split(".").reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);
  const t = ((key: string, values?: Record<string, string | number>) => String(lookup(key)).replace(/\{(\w+)\}/g, (_, k) => String(values?.[k] ?? ""))) as ((key: string, values?: Record<string, string | number>) => string) & { has: (key: string) => boolean };
  t.has = (key) => typeof lookup(key) === "string";
  return t;
};

describe("API error messages", () => {
  it("finds the codes it checks (the scan still matches the source)", () => {
    expect(apiErrorCodes()).toEqual(expect.arrayContaining(["unauthorized", "rate_limited", "battle_expired", "already_voted", "invalid_input", "unavailable", "invalid_json"]));
  });

  for (const locale of ["en", "ar"] as const) {
    it(`has a ${locale} message for every code the API answers with, and for network failures`, () => {
      const apiErrors = messages[locale].apiErrors as Record<string, string>;
      const missing = [...apiErrorCodes(), "network", "http"].filter((code) => typeof apiErrors[code] !== "string" || apiErrors[code]!.trim() === "");
      expect(missing).toEqual([]);
    });
  }

  it("words an unknown code and a bare status in the UI language, never with the server's English", () => {
    const ar = translator(messages.ar);
    expect(apiErrorText(ar, { status: 500, code: "http" })).toBe("ردّ الخادم بخطأ (500). أعد المحاولة.");
    expect(apiErrorText(ar, { status: 418, code: "some_future_code" })).toBe("ردّ الخادم بخطأ (418). أعد المحاولة.");
    expect(apiErrorText(ar, { status: 0, code: "network" })).toMatch(/^لا اتصال بالخادم/);
  });

  it("says a long rate-limit wait in minutes, a short one in seconds", () => {
    // ICU plurals, as the pages format them.
    type Translate = Parameters<typeof apiErrorText>[0];
    const en = createTranslator({ locale: "en", messages: messages.en }) as unknown as Translate;
    const ar = createTranslator({ locale: "ar", messages: messages.ar }) as unknown as Translate;
    expect(apiErrorText(en, { status: 429, code: "rate_limited", details: { retryAfterSeconds: 1992 } })).toBe("Too many requests. Wait 34 minutes and try again.");
    expect(apiErrorText(ar, { status: 429, code: "rate_limited", details: { retryAfterSeconds: 1992 } })).toMatch(/34 دقيقة/);
    expect(apiErrorText(en, { status: 429, code: "rate_limited", details: { retryAfterSeconds: 30 } })).toBe("Too many requests. Wait 30 seconds and try again.");
  });
});
