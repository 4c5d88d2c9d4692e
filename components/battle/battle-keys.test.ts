import { describe, expect, it } from "vitest";
import { battleKeyAction } from "./battle-keys";

describe("battleKeyAction", () => {
  it("reads the physical key, so an Arabic layout's ى (N) and س (S) move on and skip", () => {
    expect(battleKeyAction({ code: "KeyN", key: "ى" }, true)).toEqual({ command: "next" });
    expect(battleKeyAction({ code: "KeyS", key: "س" }, true)).toEqual({ command: "skip" });
    expect(battleKeyAction({ code: "KeyN", key: "n" }, false)).toEqual({ command: "next" });
  });

  it("votes with both digit sets and the number row or pad", () => {
    expect(battleKeyAction({ code: "Digit1", key: "1" }, false)).toEqual({ vote: "model_a" });
    expect(battleKeyAction({ code: "Digit2", key: "٢" }, true)).toEqual({ vote: "model_b" });
    expect(battleKeyAction({ code: "", key: "٣" }, true)).toEqual({ vote: "tie" });
    expect(battleKeyAction({ code: "", key: "۴" }, true)).toEqual({ vote: "tie_bothbad" });
    expect(battleKeyAction({ code: "Numpad4", key: "4" }, false)).toEqual({ vote: "tie_bothbad" });
    expect(battleKeyAction({ code: "Digit5", key: "5" }, false)).toBeNull();
    expect(battleKeyAction({ code: "", key: "٥" }, false)).toBeNull();
  });

  it("maps arrows by what the eye sees", () => {
    expect(battleKeyAction({ code: "ArrowLeft", key: "ArrowLeft" }, false)).toEqual({ vote: "model_a" });
    expect(battleKeyAction({ code: "ArrowLeft", key: "ArrowLeft" }, true)).toEqual({ vote: "model_b" });
    // ... except in a focused code block, which they scroll; the digits still vote there.
    expect(battleKeyAction({ code: "ArrowLeft", key: "ArrowLeft" }, false, { inCodeBlock: true })).toBeNull();
    expect(battleKeyAction({ code: "ArrowRight", key: "ArrowRight" }, true, { inCodeBlock: true })).toBeNull();
    expect(battleKeyAction({ code: "Digit1", key: "1" }, false, { inCodeBlock: true })).toEqual({ vote: "model_a" });
  });

  it("ignores other letters, whatever they type", () => {
    expect(battleKeyAction({ code: "KeyK", key: "n" }, false)).toBeNull();
    expect(battleKeyAction({ code: "KeyG", key: "ل" }, true)).toBeNull();
  });

  it("flags response A with the top letter row and B with the bottom row, by physical key", () => {
    expect(battleKeyAction({ code: "KeyQ", key: "ض" }, true)).toEqual({ flag: { side: "a", index: 0 } });
    expect(battleKeyAction({ code: "KeyE", key: "e" }, false)).toEqual({ flag: { side: "a", index: 2 } });
    expect(battleKeyAction({ code: "KeyZ", key: "ئ" }, true)).toEqual({ flag: { side: "b", index: 0 } });
    // The physical key decides, not the typed character: B's key typing "n" is a flag, not "next".
    expect(battleKeyAction({ code: "KeyB", key: "n" }, false)).toEqual({ flag: { side: "b", index: 4 } });
    expect(battleKeyAction({ code: "", key: "x" }, false)).toEqual({ flag: { side: "b", index: 1 } });
    // n and s keep their meaning.
    expect(battleKeyAction({ code: "KeyN", key: "n" }, false)).toEqual({ command: "next" });
  });
});
