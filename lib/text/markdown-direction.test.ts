import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { markdownDirection, rehypeBlockDirection } from "./markdown-direction";

type Node = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: Node[] };

// The rendered tree as "tag:dir" for every element, in document order.
function directions(markdown: string): string[] {
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeBlockDirection);
  const tree = processor.runSync(processor.parse(markdown)) as Node;
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.type === "element") out.push(`${node.tagName}:${node.properties?.dir ?? "-"}`);
    node.children?.forEach(walk);
  };
  walk(tree);
  return out;
}

describe("rehypeBlockDirection", () => {
  it("gives an Arabic list, its items and their markers a right-to-left direction, even when an item starts with code", () => {
    const dirs = directions("- `npm install` يثبّت الحزم\n- الخطوة الثانية\n- Arena هي الساحة");
    expect(dirs).toEqual(["ul:rtl", "li:rtl", "code:ltr", "li:rtl", "li:ltr"]);
  });

  it("gives a table the direction of most of its cells, and cells without letters inherit", () => {
    const dirs = directions("| Model | النتيجة |\n|---|---|\n| النموذج الأول | 12.5 |\n| النموذج الثاني | ٧ |");
    expect(dirs[0]).toBe("table:rtl");
    expect(dirs).toContain("th:ltr");
    expect(dirs).toContain("td:-");
    expect(dirs.filter((d) => d === "td:rtl")).toHaveLength(2);
  });

  it("decides a blockquote by its own text, keeps code blocks LTR and isolates inline runs", () => {
    expect(directions("> اقتباس عربي")).toEqual(["blockquote:rtl", "p:rtl"]);
    expect(directions("```\nمرحبا = 1\n```")).toEqual(["pre:ltr", "code:-"]);
    expect(directions("استخدم **Arena** أو [الرابط](/docs) ثم `x=1`.")).toEqual(["p:rtl", "strong:ltr", "a:rtl", "code:ltr"]);
  });

  it("leaves English left to right", () => {
    expect(directions("1. First\n2. Second")).toEqual(["ol:ltr", "li:ltr", "li:ltr"]);
  });
});

describe("markdownDirection", () => {
  it("reads the first letter outside code", () => {
    expect(markdownDirection("```js\nconst x = 1\n```\nهذا الشرح")).toBe("rtl");
    expect(markdownDirection("`ls` يعرض الملفات")).toBe("rtl");
    expect(markdownDirection("Hello مرحبا")).toBe("ltr");
    expect(markdownDirection("123")).toBeNull();
  });
});
