import type { WinnerChoice } from "@/lib/validation/vote";

// What a key press means on the battle page. Keys are read by physical position (KeyboardEvent.code), so
// an Arabic layout works: its N and S keys type ى and س, and some layouts type the Arabic-Indic digits
// ١…٤. The typed character is the fallback (on-screen keyboards and remapped layouts send no code).
export type BattleKeyAction = { vote: WinnerChoice } | { command: "next" | "skip" } | { flag: { side: "a" | "b"; index: number } } | null;

// Reason flags, one key per flag and side, by physical key: the top letter row flags response A, the bottom
// row response B (rows, not sides, so they mean the same in either direction). N stays "next", S "skip".
export const flagKeyCodes = {
  a: ["KeyQ", "KeyW", "KeyE", "KeyR", "KeyT", "KeyY", "KeyU", "KeyI"],
  b: ["KeyZ", "KeyX", "KeyC", "KeyV", "KeyB", "KeyM", "Comma", "Period"],
} as const;
// What the key shows on a Latin keyboard (the hint next to each flag).
export const flagKeyLabel = (code: string) => (code === "Comma" ? "," : code === "Period" ? "." : code.replace(/^Key/, ""));

function flagOf(event: { code: string; key: string }): { side: "a" | "b"; index: number } | null {
  // Without a code (on-screen keyboards), the typed Latin letter stands in for the key.
  const code = event.code || (/^[a-z,.]$/i.test(event.key) ? (event.key === "," ? "Comma" : event.key === "." ? "Period" : `Key${event.key.toUpperCase()}`) : "");
  for (const side of ["a", "b"] as const) {
    const index = (flagKeyCodes[side] as readonly string[]).indexOf(code);
    if (index >= 0) return { side, index };
  }
  return null;
}

const byDigit: WinnerChoice[] = ["model_a", "model_b", "tie", "tie_bothbad"];

// "1".."4" in Western, Arabic-Indic (١…٤) and Extended Arabic-Indic (۱…۴, Persian and Urdu layouts) digits.
function digitOf(key: string): number | null {
  const western = "1234".indexOf(key);
  if (western >= 0) return western + 1;
  const arabicIndic = "١٢٣٤".indexOf(key);
  if (arabicIndic >= 0) return arabicIndic + 1;
  const extended = "۱۲۳۴".indexOf(key);
  return extended >= 0 ? extended + 1 : null;
}

// `inCodeBlock`: the focus is in a code block, whose sideways scroll the arrow keys drive, so they do not vote there.
export function battleKeyAction(event: { code: string; key: string }, rtl: boolean, { inCodeBlock = false } = {}): BattleKeyAction {
  const physicalDigit = /^(?:Digit|Numpad)([1-4])$/.exec(event.code)?.[1];
  const digit = physicalDigit ? Number(physicalDigit) : digitOf(event.key);
  if (digit) return { vote: byDigit[digit - 1]! };
  // Arrow keys follow what the eye sees: in a right-to-left page, A sits on the right.
  if (inCodeBlock && (event.key.startsWith("Arrow") || event.code.startsWith("Arrow"))) return null;
  if (event.key === "ArrowLeft" || event.code === "ArrowLeft") return { vote: rtl ? "model_b" : "model_a" };
  if (event.key === "ArrowRight" || event.code === "ArrowRight") return { vote: rtl ? "model_a" : "model_b" };
  if (event.code === "KeyN" || (!event.code && event.key.toLowerCase() === "n")) return { command: "next" };
  if (event.code === "KeyS" || (!event.code && event.key.toLowerCase() === "s")) return { command: "skip" };
  const flag = flagOf(event);
  return flag ? { flag } : null;
}
