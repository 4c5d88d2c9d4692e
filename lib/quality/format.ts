// Wraps a formatted number ("-0.12", "43%") in a left-to-right isolate, so an Arabic sentence or
// right-to-left cell does not move its minus or percent sign to the other side.
export const isolateLtr = (formatted: string) => `\u2066${formatted}\u2069`;
