// A short, human name for the device behind a user agent ("Chrome on iOS"), shown in the sessions
// list and in the new-sign-in email. One parser (bowser) for both, so the two always agree.
import Bowser from "bowser";

const BROWSERS: Record<string, string> = {
  "Microsoft Edge": "Edge",
  Chrome: "Chrome",
  Chromium: "Chrome",
  Firefox: "Firefox",
  Safari: "Safari",
  Opera: "Opera",
  "Samsung Internet for Android": "Samsung Internet",
};

const SYSTEMS: Record<string, string> = {
  Windows: "Windows",
  Android: "Android",
  iOS: "iOS",
  iPadOS: "iOS",
  macOS: "macOS",
  Linux: "Linux",
  "Chrome OS": "ChromeOS",
};

export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const parsed = Bowser.parse(userAgent);
  const browser = BROWSERS[parsed.browser.name ?? ""] ?? "Browser";
  const os = SYSTEMS[parsed.os.name ?? ""];
  return os ? `${browser} on ${os}` : browser;
}
