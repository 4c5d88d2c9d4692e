import { describe, expect, it } from "vitest";
import { styleFeatures } from "./style-features";

describe("styleFeatures (FastChat conv_metadata definitions)", () => {
  it("counts headers, list items and bold spans outside code blocks", () => {
    const text = [
      "# Title",
      "## Section",
      "####### not a header",
      "#no space",
      "1. first",
      "  2. second",
      "- a",
      "* b",
      "+ c",
      "-not a list",
      "Some **bold** and __also bold__ and **not\nbold**.",
      "```",
      "# comment in code",
      "- code list",
      "**code bold**",
      "```",
      "٣. Arabic-Indic numbered item",
    ].join("\n");
    expect(styleFeatures(text)).toMatchObject({ headers: 2, lists: 6, bold: 2 });
  });

  it("uses a token proxy that grows with length in English and Arabic", () => {
    expect(styleFeatures("").tokens).toBe(0);
    expect(styleFeatures("Hello, world!").tokens).toBe(4); // Hello , world !
    expect(styleFeatures("مرحبا بالعالم").tokens).toBe(2);
    expect(styleFeatures("12345").tokens).toBe(2); // digits in runs of up to three, as cl100k
    const short = styleFeatures("A short answer.").tokens;
    expect(styleFeatures("A short answer. ".repeat(10)).tokens).toBe(10 * short);
  });
});
