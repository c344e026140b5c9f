#!/usr/bin/env bash
# Installs and runs Ledgerchat on its embedded defaults: PGlite under .data/, demo model,
# test-mode checkout, dev mailbox. No env vars or services needed. Prints the app's URL
# (http://127.0.0.1:3000 unless PORT / HOST say otherwise) and the mailbox's.
set -euo pipefail
source "$(dirname "$0")/ensure-node.sh"
cd "$ROOT"
ensure_deps
echo "› next build"
npm run --silent build
exec bash "$ROOT/scripts/serve.sh"
