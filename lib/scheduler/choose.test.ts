import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom, pairIndex } from "@/lib/ratings";
import { buildCatalogue, chooseBattles, chooseUniformly, drawIssueKind, pairMembers, type CatalogueEntry } from "./choose";
import { simulate } from "./simulate";

// 3 models, 20 prompts (even: Arabic, odd: English); prompt p's answers differ by p / 19 for every pair.
const entries: CatalogueEntry[] = [];
for (let prompt = 0; prompt < 20; prompt++) {
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) entries.push({ prompt, language: prompt % 2 ? "en" : "ar", i, j, dissimilarity: prompt / 19 });
}

describe("chooseBattles", () => {
  it("samples pairs in proportion to their weight, never only the best", () => {
    const catalogue = buildCatalogue(3, entries, 0);
    const rng = createRandom(7);
    const hits = [0, 0, 0];
    for (let k = 0; k < 6000; k++) hits[chooseBattles(catalogue, rng, { languages: ["ar", "en"], pairWeights: [3, 2, 1], count: 1 })[0]!.pair]!++;
    expect(hits[0]! / 6000).toBeCloseTo(0.5, 1);
    expect(hits[1]! / 6000).toBeCloseTo(1 / 3, 1);
    expect(hits[2]).toBeGreaterThan(800);
  });

  it("prefers prompts whose answers differ most when the weight is on", () => {
    const rng = createRandom(3);
    const meanDissimilarity = (weight: number) => {
      const catalogue = buildCatalogue(3, entries, weight);
      let sum = 0;
      for (let k = 0; k < 3000; k++) sum += chooseBattles(catalogue, rng, { languages: ["ar", "en"], pairWeights: [1, 1, 1], count: 1 })[0]!.prompt / 19;
      return sum / 3000;
    };
    const off = meanDissimilarity(0);
    const on = meanDissimilarity(1);
    expect(off).toBeCloseTo(0.5, 1);
    expect(on).toBeGreaterThan(0.65);
  });

  it("respects languages, exclusions and distinctness", () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom<("ar" | "en")[]>(["ar"], ["en"], ["ar", "en"]), fc.integer({ min: 1, max: 30 }), (seed, languages, count) => {
        const catalogue = buildCatalogue(3, entries, 1);
        const chosen = chooseBattles(catalogue, createRandom(seed), { languages, pairWeights: [1, 0.2, 5], count, exclude: (c) => c.prompt === 4 });
        const keys = new Set(chosen.map((c) => `${c.prompt}:${c.pair}`));
        expect(keys.size).toBe(chosen.length);
        for (const c of chosen) {
          expect(languages).toContain(c.prompt % 2 ? "en" : "ar");
          expect(c.prompt).not.toBe(4);
          expect(pairIndex(3, c.i, c.j)).toBe(c.pair);
        }
      }),
    );
  });

  it("returns nothing when no pair has prompts in the annotator's languages", () => {
    const arabicOnly = buildCatalogue(3, entries.filter((e) => e.language === "ar"), 1);
    expect(chooseBattles(arabicOnly, createRandom(1), { languages: ["en"], pairWeights: [1, 1, 1], count: 5 })).toEqual([]);
  });

  it("works in proportion to the pairs that can be issued, not to every pair of models", () => {
    // 2,000 models (1,999,000 pairs), of which 3 pairs have prompts.
    const n = 2000;
    const sparse: CatalogueEntry[] = [
      { prompt: 0, language: "en", i: 0, j: 1, dissimilarity: 0.5 },
      { prompt: 1, language: "ar", i: 5, j: 1999, dissimilarity: 0.5 },
      { prompt: 2, language: "en", i: 700, j: 900, dissimilarity: 0.5 },
    ];
    const catalogue = buildCatalogue(n, sparse, 1);
    expect(catalogue.pairs.length).toBe(3);
    // Count the pair weights read: a pass over every pair of models reads ~2M per request.
    let reads = 0;
    const weights = new Proxy(new Float64Array((n * (n - 1)) / 2).fill(1), {
      get(target, key) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key);
      },
    }) as unknown as ArrayLike<number>;
    const rng = createRandom(5);
    const chosen = new Set<number>();
    for (let k = 0; k < 20; k++) for (const c of chooseBattles(catalogue, rng, { languages: ["ar", "en"], pairWeights: weights, count: 2 })) chosen.add(c.pair);
    expect(chosen).toEqual(new Set([pairIndex(n, 0, 1), pairIndex(n, 5, 1999), pairIndex(n, 700, 900)]));
    expect(reads).toBeLessThanOrEqual(3 * 2); // once per issuable pair and language set, then cached
  });

  it("inverts pairIndex", () => {
    for (let n = 2; n < 9; n++) for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(pairMembers(n, pairIndex(n, i, j))).toEqual({ i, j });
  });
});

describe("chooseUniformly", () => {
  it("finds what the weighted draw cannot when the favoured pairs' prompts are all excluded", () => {
    const catalogue = buildCatalogue(3, entries, 1);
    // Pairs 0 and 1 hold almost all the weight, and the annotator has seen every prompt they offer below 18.
    const exclude = (c: { prompt: number; pair: number }) => c.pair !== 2 && c.prompt < 18;
    const options = { languages: ["ar", "en"] as ("ar" | "en")[], pairWeights: [1000, 1000, 1], count: 12, exclude };
    const rng = createRandom(11);
    const weighted = chooseBattles(catalogue, rng, options);
    expect(weighted.length).toBeLessThan(8); // most of its 96 draws land on excluded prompts
    const uniform = chooseUniformly(catalogue, rng, options);
    expect(uniform.length).toBe(12); // of the 24 entries not excluded
    for (const c of uniform) expect(exclude(c)).toBe(false);
    expect(new Set(uniform.map((c) => c.pair))).toContain(2);
  });

  it("draws every entry alike, in the annotator's languages only, each once, and agrees with the catalogue", () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom<("ar" | "en")[]>(["ar"], ["en"], ["ar", "en"]), fc.integer({ min: 1, max: 60 }), (seed, languages, count) => {
        const catalogue = buildCatalogue(3, entries.filter((e) => e.prompt !== 7 || e.i !== 0), 0);
        const chosen = chooseUniformly(catalogue, createRandom(seed), { languages, count, maxDraws: 2000 });
        const keys = new Set(chosen.map((c) => `${c.prompt}:${c.pair}`));
        expect(keys.size).toBe(chosen.length);
        // 30 Arabic entries and 28 English ones (prompt 7 is English and lost two pairs); 2,000 draws find them all.
        const available = (languages.includes("ar") ? 30 : 0) + (languages.includes("en") ? 28 : 0);
        expect(chosen.length).toBe(Math.min(count, available));
        for (const c of chosen) {
          expect(languages).toContain(c.prompt % 2 ? "en" : "ar");
          expect(pairIndex(3, c.i, c.j)).toBe(c.pair);
          expect(c.prompt === 7 && c.i === 0).toBe(false); // an entry the catalogue does not hold is never made up
        }
      }),
    );
    // Alike: over many draws of one, each of the 60 entries comes up about 1/60 of the time.
    const catalogue = buildCatalogue(3, entries, 1);
    const rng = createRandom(5);
    const hits = new Map<string, number>();
    for (let k = 0; k < 12_000; k++) {
      const [c] = chooseUniformly(catalogue, rng, { languages: ["ar", "en"], count: 1 });
      hits.set(`${c!.prompt}:${c!.pair}`, (hits.get(`${c!.prompt}:${c!.pair}`) ?? 0) + 1);
    }
    expect(hits.size).toBe(60);
    for (const n of hits.values()) expect(Math.abs(n - 200)).toBeLessThan(60); // ±4 standard deviations
  });
});

describe("drawIssueKind", () => {
  it("draws gold and overlap at their rates", () => {
    const rng = createRandom(11);
    const tally = { gold: 0, overlap: 0, regular: 0 };
    for (let k = 0; k < 20_000; k++) tally[drawIssueKind(rng, 0.1, 0.25)]++;
    expect(tally.gold / 20_000).toBeCloseTo(0.1, 2);
    expect(tally.overlap / 20_000).toBeCloseTo(0.25, 2);
    expect(drawIssueKind(rng, 0, 0)).toBe("regular");
  });
});

describe("simulated annotators", () => {
  it("tie less often on prioritised prompts than on random ones", () => {
    const trueRatings = [1100, 1050, 1000, 950];
    const options = { trueRatings, maxVotes: 1500, widthAt: 1500, checkEvery: 100_000, prompts: 100, annotators: 10 };
    const prioritised = simulate({ ...options, strategy: "scheduler", seed: 5 });
    const random = simulate({ ...options, strategy: "uniform", seed: 5 });
    expect(prioritised.votesCast).toBe(1500);
    expect(random.tieRate).toBeGreaterThan(0.18);
    expect(prioritised.tieRate).toBeLessThan(random.tieRate - 0.04);
  });
});
