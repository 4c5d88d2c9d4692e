import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe("Markdown", () => {
  // A wide code block scrolls sideways inside its box: the keyboard must reach it (axe's scrollable-region-focusable).
  it("makes a code block focusable", () => {
    expect(render(`\`\`\`\n${"x".repeat(400)}\n\`\`\``)).toMatch(/<pre[^>]* tabindex="0"/);
  });

  it("shows raw HTML as text and drops javascript: links", () => {
    const html = render('<img src=x onerror="alert(1)"> [a](javascript:alert(1))');
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img");
    expect(html).not.toMatch(/href="javascript:/i);
  });
});
