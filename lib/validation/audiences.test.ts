import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Guards name their audience (audiences.admin, audiences.researcher, …, lib/validation/auth.ts), the
// same names the access table checks; an inline role list would drift from the table unseen.
const root = path.resolve(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe("named audiences", () => {
  it("no guard in app/, lib/ or components/ takes an inline list of roles", () => {
    const inline = /\b(?:guardPage|authorizedRoute|authorizedAction)\(\s*\[|<Forbidden\s+roles=\{\s*\[/;
    const offenders = ["app", "lib", "components"].flatMap(sources).filter((f) => !f.startsWith("lib/generated/") && inline.test(readFileSync(path.join(root, f), "utf8")));
    expect(offenders, "use audiences.<name> from lib/validation/auth.ts").toEqual([]);
  });
});
