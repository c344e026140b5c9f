"use client";
// Model output rendered as markdown. Raw HTML in the output is dropped (skipHtml) and link URLs
// go through react-markdown's safe transform, so a model cannot inject markup or scripts. This
// module (react-markdown and its parser, ~40 KB compressed) is imported lazily by message-list.tsx
// when the first reply shows; fenced code goes to CodeBlock (copy button, highlighting).
import type { Element, ElementContent } from "hast";
import ReactMarkdown from "react-markdown";
import { CodeBlock } from "@/components/chat/code-block";

function textOf(nodes: ElementContent[]): string {
  return nodes
    .map((n) => (n.type === "text" ? n.value : n.type === "element" ? textOf(n.children) : ""))
    .join("");
}

/** The code and its language from a `<pre><code class="language-x">` element. */
function fenced(pre: Element | undefined): { code: string; language?: string } | null {
  const code = pre?.children.find((c): c is Element => c.type === "element" && c.tagName === "code");
  if (!code) return null;
  const classes = code.properties.className;
  const language = (Array.isArray(classes) ? classes : [])
    .map(String)
    .find((c) => c.startsWith("language-"))
    ?.slice("language-".length);
  // The parser ends a fenced block's text with a newline; the copied code should not.
  return { code: textOf(code.children).replace(/\n$/, ""), language };
}

export function Markdown({ text }: { text: string }) {
  return (
    <div className="prose-chat space-y-3 break-words leading-relaxed">
      <ReactMarkdown
        skipHtml
        components={{
          a: ({ href, children }) => (
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer nofollow"
              className="text-brand-600 underline"
            >
              {children}
            </a>
          ),
          pre: ({ node, children }) => {
            const block = fenced(node);
            return block ? (
              <CodeBlock code={block.code} language={block.language} />
            ) : (
              <pre className="overflow-x-auto rounded-lg bg-slate-100 p-3 text-sm">{children}</pre>
            );
          },
          code: ({ className, children }) =>
            className ? (
              <code className={`${className} font-mono`}>{children}</code>
            ) : (
              <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em]">{children}</code>
            ),
          ul: ({ children }) => <ul className="list-disc space-y-1 pl-5">{children}</ul>,
          ol: ({ children }) => <ol className="list-decimal space-y-1 pl-5">{children}</ol>,
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
