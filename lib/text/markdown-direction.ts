import { firstStrongDirection, type Direction } from "./direction";

// A rehype plugin giving each block of rendered Markdown an explicit direction from its own text, as
// dir="auto" would, but with two differences that matter for Arabic answers:
//  - code is left out of the decision, so an Arabic list item that starts with `npm` stays right to left;
//  - containers (lists, tables, blockquotes and the wrapper) are decided too. dir="auto" on a container
//    skips descendants that carry their own dir, so with every child marked it resolved to LTR: markers,
//    blockquote bars and table columns then sat on the left of Arabic text.
// Code blocks are always LTR. Inline code, links and emphasis are isolated (a dir attribute makes an
// inline element a bidi isolate), so a Latin run inside Arabic does not reorder the punctuation around it.
type HastNode = { type: string; tagName?: string; value?: string; properties?: Record<string, unknown>; children?: HastNode[] };

const blocks = new Set(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dt", "dd"]);
// Containers follow most of their items (a list or table of Arabic rows whose first cell or item happens
// to start with a Latin name is still an Arabic list or table): item tag for each container.
const containers: Record<string, Set<string>> = { ul: new Set(["li"]), ol: new Set(["li"]), table: new Set(["td", "th"]), dl: new Set(["dt", "dd"]) };
const isolatedInline = new Set(["a", "strong", "em", "del", "b", "i", "sup", "sub"]);
const codeTags = new Set(["code", "pre"]);

function collectText(node: HastNode, skipCode: boolean, out: string[]) {
  if (node.type === "text") out.push(node.value ?? "");
  if (skipCode && node.tagName && codeTags.has(node.tagName)) return;
  node.children?.forEach((child) => collectText(child, skipCode, out));
}

/** The direction a block's text asks for: its first letter outside code, else its first letter at all. */
export function blockDirection(node: HastNode): Direction | null {
  const prose: string[] = [];
  collectText(node, true, prose);
  const fromProse = firstStrongDirection(prose.join(""));
  if (fromProse) return fromProse;
  const all: string[] = [];
  collectText(node, false, all);
  return firstStrongDirection(all.join(""));
}

function items(node: HastNode, itemTags: Set<string>, out: HastNode[] = []): HastNode[] {
  for (const child of node.children ?? []) {
    if (child.type !== "element") continue;
    if (child.tagName && itemTags.has(child.tagName)) out.push(child);
    // Nested lists belong to their own container.
    else if (!(child.tagName && child.tagName in containers)) items(child, itemTags, out);
  }
  return out;
}

/** The direction most items of a list or table take; a tie goes to the first item that has one. */
export function containerDirection(node: HastNode): Direction | null {
  const dirs = items(node, containers[node.tagName ?? ""] ?? new Set()).map(blockDirection).filter((d): d is Direction => d !== null);
  const rtl = dirs.filter((d) => d === "rtl").length;
  const ltr = dirs.length - rtl;
  if (rtl !== ltr) return rtl > ltr ? "rtl" : "ltr";
  return dirs[0] ?? blockDirection(node);
}

function setDir(node: HastNode, dir: string) {
  node.properties = { ...node.properties, dir };
}

function visit(node: HastNode, insidePre: boolean) {
  for (const child of node.children ?? []) {
    if (child.type !== "element" || !child.tagName) continue;
    const tag = child.tagName;
    if (tag === "pre") setDir(child, "ltr");
    else if (tag === "code" && !insidePre) setDir(child, blockDirection(child) ?? "ltr");
    else if (tag in containers) {
      const dir = containerDirection(child);
      if (dir) setDir(child, dir);
    } else if (blocks.has(tag) || isolatedInline.has(tag)) {
      // A block without letters (a number, a table of figures) keeps its parent's direction.
      const dir = blockDirection(child);
      if (dir) setDir(child, dir);
      else if (isolatedInline.has(tag)) setDir(child, "auto");
    }
    visit(child, insidePre || tag === "pre");
  }
}

export function rehypeBlockDirection() {
  return (tree: HastNode) => visit(tree, false);
}

/** The direction of a whole Markdown text, for its wrapper: its first letter outside code spans and blocks. */
export function markdownDirection(markdown: string): Direction | null {
  const prose = markdown.replace(/```[\s\S]*?(```|$)|~~~[\s\S]*?(~~~|$)|`[^`\n]*`/g, " ");
  return firstStrongDirection(prose) ?? firstStrongDirection(markdown);
}
