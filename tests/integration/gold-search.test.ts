import { beforeEach, describe, expect, it } from "vitest";
import { searchGoldPrompts } from "@/lib/server/quality/search-gold-prompts";
import { importGeneratedSet, resetData } from "../helpers/fixtures";

describe("the gold page's prompt search", () => {
  beforeEach(resetData);

  it("finds prompts whose id or text contains the query in any case, and matches % and _ as themselves", async () => {
    const set = await importGeneratedSet(12);
    const ids = async (query: string) => (await searchGoldPrompts({ promptSetId: set.promptSetId, query })).map((p) => p.externalId).sort();
    expect(await ids("G1")).toEqual(["g1", "g10", "g11"]);
    expect(await ids("QUESTION NUMBER 4")).toEqual(["g4"]);
    expect(await ids("سؤال رقم 11")).toEqual(["g11"]);
    // As LIKE wildcards these would match every prompt.
    expect(await ids("_")).toEqual([]);
    expect(await ids("%")).toEqual([]);
    expect(await ids("number_1")).toEqual([]);
  });
});
