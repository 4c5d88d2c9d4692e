"use client";

import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import rehypeSanitize from "rehype-sanitize";
import { markdownDirection, rehypeBlockDirection } from "@/lib/text/markdown-direction";

// Each block takes its direction from its own text (rehypeBlockDirection), so Arabic reads right to left
// and English left to right whatever the UI language. Raw HTML in model output is shown as literal text
// (a prompt may be *about* <script> tags), never parsed; the tree is also sanitised (javascript: links,
// event handlers), so untrusted responses cannot inject markup or script.
const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} rel="noopener noreferrer nofollow" target="_blank" />,
  // A code block wider than its box scrolls sideways (globals.css): focusable, so the keyboard can scroll it too
  // (WCAG 2.1.1; axe's scrollable-region-focusable flagged a wide block in a battle).
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe, WCAG)
  pre: ({ node: _node, ...props }) => <pre {...props} tabIndex={0} />,
};

type MdNode = { type: string; value?: string; children?: MdNode[] };

// remark plugin: raw HTML nodes become text nodes with the same characters (React escapes them).
function htmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

export function Markdown({ text, className = "" }: { text: string; className?: string }) {
  // The wrapper follows the text too (a text without letters keeps the page's direction).
  const dir = markdownDirection(text) ?? undefined;
  return (
    <div dir={dir} className={`markdown ${className}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm, htmlAsText]} rehypePlugins={[rehypeSanitize, rehypeBlockDirection]} skipHtml components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
