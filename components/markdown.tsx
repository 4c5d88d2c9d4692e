"use client";

import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import rehypeSanitize from "rehype-sanitize";

// Every block gets dir="auto" so Arabic reads right to left and English left to right,
// whatever the UI language. Raw HTML in model output is dropped (skipHtml) and the tree is
// sanitised, so untrusted responses cannot inject markup or script.
const autoDir = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th"] as const;
const components: Components = Object.fromEntries(
  autoDir.map((Tag) => [Tag, ({ node: _node, ...props }: { node?: unknown } & Record<string, unknown>) => <Tag dir="auto" {...props} />]),
) as Components;
components.a = ({ node: _node, ...props }) => <a {...props} rel="noopener noreferrer nofollow" target="_blank" />;

export function Markdown({ text, className = "" }: { text: string; className?: string }) {
  return (
    <div dir="auto" className={`markdown ${className}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} skipHtml components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
