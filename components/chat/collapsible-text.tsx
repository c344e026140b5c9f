"use client";
// A long message you sent shows its first lines with "Show more" (as ChatGPT does), so a pasted
// log does not push the answer off screen; "Show less" folds it again.
import { useState } from "react";

const MAX_CHARS = 1200;
const MAX_LINES = 14;

export function isLong(text: string): boolean {
  return text.length > MAX_CHARS || text.split("\n").length > MAX_LINES;
}

export function CollapsibleText({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  if (!isLong(text)) return <p className="whitespace-pre-wrap">{text}</p>;
  return (
    <div>
      <p
        className={`whitespace-pre-wrap ${open ? "" : "line-clamp-[10]"}`}
        data-collapsed={open ? undefined : "true"}
      >
        {text}
      </p>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="mt-1 text-sm font-medium text-brand-700 hover:underline"
      >
        {open ? "Show less" : "Show more"}
      </button>
    </div>
  );
}
