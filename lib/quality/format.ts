// Wraps a formatted number ("-0.12", "43%") in a left-to-right isolate, so an Arabic sentence or
// right-to-left cell does not move its minus or percent sign to the other side.
export const isolateLtr = (formatted: string) => `\u2066${formatted}\u2069`;

// Wraps free text (a name an admin typed, in either script) in a first-strong isolate, so it keeps its own
// direction inside a sentence of the other language and the quotes around it stay where the sentence puts them.
export const isolate = (text: string) => `\u2068${text}\u2069`;
