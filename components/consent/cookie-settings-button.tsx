"use client";
// "Cookie settings" in the footer: reopens the consent banner (withdrawing is as easy as giving).
import { openCookieSettings } from "@/components/legal/events";

export function CookieSettingsButton({ className }: { className?: string }) {
  return (
    <button type="button" className={className} onClick={openCookieSettings}>
      Cookie settings
    </button>
  );
}
