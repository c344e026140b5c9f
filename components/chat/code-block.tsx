"use client";
// A fenced code block in a reply: the language, a copy button, and syntax colours. The block shows
// as plain text at once; the highlighter (highlight.ts) is imported the first time a block with a
// known language appears, so pages without code never download it.
import type { ReactNode } from "react";
import { useEffect, useState } from "react";
import { CopyButton } from "@/components/chat/copy-button";

export function CodeBlock({ code, language }: { code: string; language?: string }) {
  // The highlighted elements of one version of the code: while a reply streams the code grows,
  // and the plain text shows until its own highlighting is ready.
  const [done, setDone] = useState<{ code: string; nodes: ReactNode } | null>(null);
  useEffect(() => {
    if (!language) return;
    let live = true;
    import("@/components/chat/highlight")
      .then(({ highlight }) => {
        const nodes = highlight(code, language);
        if (live && nodes) setDone({ code, nodes });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [code, language]);
  return (
    <div
      className="not-prose overflow-hidden rounded-lg bg-[#0d1526] text-[#e2e8f0]"
      data-testid="code-block"
    >
      <div className="flex items-center justify-between border-b border-white/10 px-3 py-1 text-xs text-[#9fb0c8]">
        <span>{language ?? "text"}</span>
        <CopyButton text={code} label="Copy code" className="text-[#c9d6ea]" />
      </div>
      <pre className="overflow-x-auto p-3 text-sm leading-relaxed">
        <code className="hljs font-mono" data-highlighted={done?.code === code ? "true" : undefined}>
          {done?.code === code ? done.nodes : code}
        </code>
      </pre>
    </div>
  );
}
