// The registry this project installs from mirrors only the platform binaries it uses
// (linux-x64), so `npm install` leaves the other platforms' optional packages
// (@next/swc-darwin-arm64, @biomejs/cli-win32-x64, ...) out of package-lock.json, and `npm ci`
// then refuses the lock as out of sync. This adds a lock entry for each such missing optional
// dependency with the os/cpu/libc its name states, so `npm ci` sees the lock in sync and skips
// them as not for this platform. Run after changing dependencies: node scripts/lockfile-platforms.mjs
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, "utf8"));
const packages = lock.packages;

const OS = [
  "android",
  "darwin",
  "freebsd",
  "openbsd",
  "linux",
  "win32",
  "sunos",
  "aix",
  "openharmony",
  "netbsd",
];
const CPU = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "mips64el"];

function platformOf(name) {
  const base = name.split("/").pop() ?? name;
  const parts = base.split("-");
  const os = parts.find((p) => OS.includes(p));
  let cpu = parts.find((p) => CPU.includes(p));
  if (!cpu && parts.includes("gnueabihf")) cpu = "arm";
  if (!cpu && parts.includes("eabi")) cpu = "arm";
  const libc =
    parts.includes("musl") || parts.includes("musleabihf")
      ? "musl"
      : parts.includes("gnu")
        ? "glibc"
        : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies ?? {};
  for (const [dep, spec] of Object.entries(optional)) {
    const nested = `${path ? `${path}/` : ""}node_modules/${dep}`;
    if (packages[nested] || packages[`node_modules/${dep}`]) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os && !cpu) continue; // not a platform package: leave npm's decision alone
    const version = spec.replace(/^[\^~=]/, "");
    const record = { version, optional: true };
    if (entry.dev) record.dev = true;
    if (os) record.os = [os];
    if (cpu) record.cpu = [cpu];
    if (libc) record.libc = [libc];
    packages[`node_modules/${dep}`] = record;
    added++;
  }
}

const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-platforms: added ${added} platform entries`);
