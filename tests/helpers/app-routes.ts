// Enumerates the app's pages and API routes from the file system at test time, so security tests
// cover routes added later without being edited.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const appDir = path.resolve(import.meta.dirname, "..", "..", "app");

export type AppRoute = {
  kind: "page" | "api";
  // URL pattern with dynamic segments kept, e.g. /api/battles/[id]/skip
  pattern: string;
  file: string;
  // HTTP methods an API route exports (pages: GET).
  methods: string[];
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("_") || entry.name.startsWith("@") ? [] : walk(full);
    return [full];
  });
}

function urlPattern(file: string): string {
  const segments = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== "" && !(s.startsWith("(") && s.endsWith(")")));
  return "/" + segments.join("/");
}

const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function exportedMethods(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return httpMethods.filter((m) =>
    new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b(as\\s+)?${m}\\b[^}]*\\}`).test(source),
  );
}

export function appRoutes(): AppRoute[] {
  return walk(appDir)
    .filter((f) => /[/\\](page\.tsx|route\.ts)$/.test(f))
    .map((file) => {
      const kind = file.endsWith("page.tsx") ? ("page" as const) : ("api" as const);
      return { kind, pattern: urlPattern(file), file, methods: kind === "page" ? ["GET"] : exportedMethods(file) };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

// Dynamic segments of a pattern ([id], [...slug], [[...slug]]) as param names.
export function paramNames(pattern: string): string[] {
  return [...pattern.matchAll(/\[\[?(?:\.\.\.)?([^\]]+)\]\]?/g)].map((m) => m[1]!);
}

export function fillPattern(pattern: string, value: (name: string) => string): string {
  return pattern.replace(/\[\[?(?:\.\.\.)?([^\]]+)\]\]?/g, (_m, name: string) => encodeURIComponent(value(name)));
}

export type Audience = "public" | "signed-in" | "researcher" | "admin";

// The intended access matrix, by path prefix. A new route falls under the rule of its prefix; a
// route under no rule fails the access test until someone decides who may use it.
export function intendedAudience(pattern: string): Audience | null {
  const under = (prefix: string) => pattern === prefix || pattern.startsWith(prefix + "/") || pattern.startsWith(prefix + "-");
  if (under("/admin") || under("/api/admin")) return "admin";
  if (["/leaderboard", "/research", "/api/research", "/api/v1"].some(under)) return "researcher";
  if (["/battle", "/api/battles", "/api/votes", "/api/me", "/live", "/api/live"].some(under)) return "signed-in";
  if (pattern === "/" || under("/signin") || under("/api/auth") || under("/api/locale")) return "public";
  return null;
}
