"use client";
// Model output rendered as markdown. Raw HTML in the output is dropped (skipHtml) and link URLs
// go through react-markdown's safe transform, so a model cannot inject markup or scripts.
import ReactMarkdown from "react-markdown";

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
          pre: ({ children }) => (
            <pre className="overflow-x-auto rounded-lg bg-slate-900 p-3 text-sm text-slate-100">
              {children}
            </pre>
          ),
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
