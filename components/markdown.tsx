"use client";

import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import rehypeSanitize from "rehype-sanitize";

// Every block gets dir="auto" so Arabic reads right to left and English left to right,
// whatever the UI language. Raw HTML in model output is shown as literal text (a prompt may be
// *about* <script> tags), never parsed; the tree is also sanitised (javascript: links, event
// handlers), so untrusted responses cannot inject markup or script.
const autoDir = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th"] as const;
const components: Components = Object.fromEntries(
  autoDir.map((Tag) => [Tag, ({ node: _node, ...props }: { node?: unknown } & Record<string, unknown>) => <Tag dir="auto" {...props} />]),
) as Components;
components.a = ({ node: _node, ...props }) => <a {...props} rel="noopener noreferrer nofollow" target="_blank" />;

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
  return (
    <div dir="auto" className={`markdown ${className}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm, htmlAsText]} rehypePlugins={[rehypeSanitize]} skipHtml components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
