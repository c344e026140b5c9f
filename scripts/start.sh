#!/usr/bin/env bash
# Installs and runs Ledgerchat on its embedded defaults: PGlite under .data/, demo model,
# test-mode checkout, dev mailbox. No env vars or services needed. http://localhost:3000
set -euo pipefail
source "$(dirname "$0")/ensure-node.sh"
cd "$ROOT"
ensure_deps
echo "› next build"
npm run --silent build
echo "› starting on http://localhost:${PORT:-3000}"
exec ./node_modules/.bin/next start -p "${PORT:-3000}"
