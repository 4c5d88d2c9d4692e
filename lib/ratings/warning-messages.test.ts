import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { messages } from "@/lib/i18n/messages";
import { aggregateVotes, computeLeaderboard, type RatingWarning } from "@/lib/ratings";

// Issue 14 item 8: the leaderboard writes rating warnings in the UI language from their codes and params
// (components/research/leaderboard-live.tsx), not the English `message`. Every warning the ratings code
// emits must have a message in both languages that takes the params it carries.

function votes(list: [number, number, number][], n: number) {
  return aggregateVotes(Int32Array.from(list.map((v) => v[0])), Int32Array.from(list.map((v) => v[1])), Uint8Array.from(list.map((v) => v[2])), n);
}

// m0–m2 beat each other round (rated); m3 only wins (never lost); m4/m5 never meet the others (a
// second group); one vote with the same model on both sides (skipped); and a high minVotes (preliminary).
const names = ["m0", "m1", "m2", "m3", "m4", "m5"];
const list: [number, number, number][] = [
  [0, 1, 0], [1, 0, 0], [1, 2, 0], [2, 1, 0], [2, 0, 0], [0, 2, 0],
  [3, 0, 0], [3, 1, 0],
  [4, 5, 0], [5, 4, 0],
  [0, 0, 0],
];

function emitted(anchor?: string): RatingWarning[] {
  return computeLeaderboard(votes(list, names.length), names, { bootstrap: 20, minVotes: 1000, anchor }).warnings;
}

const key = (w: RatingWarning) => (w.code === "unknown-anchor" && w.params?.reason ? "unrated-anchor" : w.code);

describe("rating warnings in the UI language", () => {
  const warnings = [...emitted("no-such-model"), ...emitted("m3").filter((w) => w.code === "unknown-anchor")];

  it("the ratings code emits the warnings this data calls for, each with its params", () => {
    expect([...new Set(warnings.map(key))]).toEqual(expect.arrayContaining(["never-lost", "disconnected", "preliminary", "skipped-votes", "unknown-anchor", "unrated-anchor"]));
    expect(warnings.find((w) => w.code === "disconnected")!.params).toEqual({ groups: 2 });
    expect(warnings.find((w) => w.code === "preliminary")!.params).toEqual({ minVotes: 1000 });
    expect(warnings.find((w) => w.code === "skipped-votes")!.params).toEqual({ count: 1 });
  });

  for (const locale of ["en", "ar"] as const) {
    it(`every warning reads in ${locale}, with its numbers (Arabic words one and two), and Arabic carries no English message`, () => {
      // Keys built at run time, as the page builds them: the translator untyped.
      const t = createTranslator({ locale, messages: messages[locale], namespace: "ratings" }) as unknown as (key: string, values?: Record<string, string | number>) => string;
      for (const w of warnings) {
        const params = { ...w.params, ...(typeof w.params?.reason === "string" ? { reason: t(`reason.${w.params.reason}`) } : {}) };
        const text = t(`warning.${key(w)}`, params);
        expect(text, key(w)).not.toMatch(/^ratings\.|\{/);
        for (const value of Object.values(w.params ?? {})) if (typeof value === "number" && (locale === "en" || value > 2)) expect(text, key(w)).toContain(String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ","));
        if (locale === "ar") expect(text, key(w)).not.toContain(w.message.slice(0, 20));
      }
    });
  }
});
