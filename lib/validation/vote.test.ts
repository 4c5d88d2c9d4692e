import { describe, expect, it } from "vitest";
import { voteRequestSchema } from "./vote";

describe("voteRequestSchema", () => {
  const vote = { battleId: "6f1c2b7e-8d4a-4c1e-9b2f-3a5d7e9c1b20", winner: "model_a" };

  it("takes a vote, with or without next, a reason, a time and flags", () => {
    expect(voteRequestSchema.safeParse(vote).success).toBe(true);
    expect(voteRequestSchema.parse({ ...vote, next: true, reason: " clearer ", timeTakenMs: 4200 })).toEqual({ ...vote, next: true, reason: "clearer", timeTakenMs: 4200 });
  });

  it("refuses fields it does not know, naming them, instead of ignoring them", () => {
    for (const extra of [{ userId: "someone-else" }, { winnner: "model_b" }, { next: true, annotatorId: "x" }]) {
      const result = voteRequestSchema.safeParse({ ...vote, ...extra });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.code).toBe("unrecognized_keys");
    }
  });
});
