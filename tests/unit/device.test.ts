// One user-agent parser for the sessions list and the new-sign-in email. iOS browsers are the case
// the two hand-written copies got wrong: Chrome and Firefox on iOS say CriOS/FxiOS, not Chrome/.
import { describe, expect, it } from "vitest";
import { describeDevice } from "@/lib/auth/device";

const UA = {
  iosSafari:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  iosChrome:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
  iosFirefox:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15",
  ipadSafari:
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  macSafari:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  windowsEdge:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
  androidChrome:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
  linuxFirefox: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
};

describe("describeDevice", () => {
  it("names iOS browsers by what they are, not by the Safari token they all carry", () => {
    expect(describeDevice(UA.iosSafari)).toBe("Safari on iOS");
    expect(describeDevice(UA.iosChrome)).toBe("Chrome on iOS");
    expect(describeDevice(UA.iosFirefox)).toBe("Firefox on iOS");
    expect(describeDevice(UA.ipadSafari)).toBe("Safari on iOS");
  });

  it("names desktop and Android browsers", () => {
    expect(describeDevice(UA.macSafari)).toBe("Safari on macOS");
    expect(describeDevice(UA.windowsEdge)).toBe("Edge on Windows");
    expect(describeDevice(UA.androidChrome)).toBe("Chrome on Android");
    expect(describeDevice(UA.linuxFirefox)).toBe("Firefox on Linux");
  });

  it("says so when there is nothing to go on", () => {
    expect(describeDevice(null)).toBe("Unknown device");
    expect(describeDevice("")).toBe("Unknown device");
    expect(describeDevice("curl/8.5.0")).toBe("Browser");
  });
});
