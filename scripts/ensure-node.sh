# Sourced by the other scripts: puts Node >= 22.12 first on the PATH. Uses the machine's node when
# new enough, otherwise installs Node 24 LTS from the npm registry into .tools/ (no other network).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_NODE="$ROOT/.tools/node_modules/node/bin"

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$LOCAL_NODE/node" ]; then
  export PATH="$LOCAL_NODE:$PATH"
fi
if ! node_ok; then
  echo "› installing Node 24 LTS into .tools/ (from the npm registry)"
  npm i --prefix "$ROOT/.tools" --no-audit --no-fund --loglevel=error node@24 >/dev/null
  export PATH="$LOCAL_NODE:$PATH"
fi
node_ok || { echo "✗ could not get Node >= 22.12" >&2; exit 1; }
export NEXT_TELEMETRY_DISABLED=1

# Installs dependencies when node_modules is missing or older than the lockfile.
ensure_deps() {
  if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    echo "› npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  (cd "$ROOT" && npm run --silent db:generate >/dev/null)
}
