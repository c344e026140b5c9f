"use client";
// Admin settings: upload (or remove) the logo or favicon. The file is sent as base64 JSON; the
// server sanitises SVG and checks PNG/ICO, so nothing here is trusted.
import { useRouter } from "next/navigation";
import { type ChangeEvent, useState } from "react";
import { Notice } from "@/components/auth/form-parts";
import { api } from "@/lib/auth/client";

const TYPES: Record<string, string> = {
  "image/svg+xml": "image/svg+xml",
  "image/png": "image/png",
  "image/x-icon": "image/x-icon",
  "image/vnd.microsoft.icon": "image/x-icon",
};

function base64Of(buffer: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function BrandAssetForm({ kind, current }: { kind: "logo" | "favicon"; current: string | null }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  async function send(method: "POST" | "DELETE", body: unknown) {
    setPending(true);
    setStatus(null);
    const result = await api<{ url: string | null }>("/api/admin/settings/assets", { method, body });
    setPending(false);
    if (!result.ok) {
      setStatus({ tone: "error", text: result.error.details?.[0]?.message ?? result.error.message });
      return;
    }
    setStatus({ tone: "success", text: method === "POST" ? "Uploaded." : "Removed." });
    router.refresh();
  }
  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = "";
    if (!file) return;
    const contentType = TYPES[file.type] ?? (file.name.endsWith(".ico") ? "image/x-icon" : file.type);
    await send("POST", { kind, contentType, data: base64Of(await file.arrayBuffer()) });
  }
  const accept = kind === "favicon" ? ".svg,.png,.ico" : ".svg,.png";
  return (
    <div className="space-y-2">
      {current ? (
        // biome-ignore lint/performance/noImgElement: a tiny same-origin preview; next/image adds nothing.
        <img src={current} alt={`Current ${kind}`} className="h-10 w-auto rounded border border-slate-200" />
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <label className="text-sm font-medium text-slate-700">
          {kind === "logo" ? "Upload a logo (SVG or PNG, ≤ 200 KB)" : "Upload a favicon (SVG, PNG or ICO)"}
          <input
            type="file"
            accept={accept}
            disabled={pending}
            onChange={(e) => void onFile(e)}
            className="mt-1 block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-transparent file:px-3 file:py-1.5 file:text-sm file:font-medium"
            data-testid={`upload-${kind}`}
          />
        </label>
        {current ? (
          <button
            type="button"
            disabled={pending}
            onClick={() => void send("DELETE", { kind })}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm"
          >
            Remove
          </button>
        ) : null}
      </div>
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
    </div>
  );
}
