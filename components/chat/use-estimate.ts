"use client";
// The live worst-case estimate of a turn ("≈ 1,240 PT"), debounced and fetched from the server:
// the history the model would see plus the user message, at the model's output cap.
import { useEffect, useState } from "react";
import { api } from "@/components/chat/api";

export type EstimateInput = {
  model: string;
  history: { role: "user" | "assistant"; content: string }[];
  maxOutputTokens?: number;
};

/** PT as a decimal string, or null until known (or when `input` is null). */
export function useEstimate(input: EstimateInput | null, text: string): string | null {
  const [estimate, setEstimate] = useState<string | null>(null);
  const key = JSON.stringify(input);
  useEffect(() => {
    if (key === "null") return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const parsed = JSON.parse(key) as EstimateInput;
      api<{ pt: string }>("/api/pt/estimate", {
        method: "POST",
        signal: controller.signal,
        body: JSON.stringify({
          model: parsed.model,
          maxOutputTokens: parsed.maxOutputTokens,
          messages: [...parsed.history.slice(-20), { role: "user", content: text }],
        }),
      })
        .then((r) => setEstimate(r.pt))
        .catch(() => undefined);
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, key]);
  return key === "null" ? null : estimate;
}
