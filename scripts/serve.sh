#!/usr/bin/env bash
# Serves the production build (`npm run build` first). The one place that decides how the app is
# started: scripts/start.sh execs it for a newcomer and the e2e suite (playwright.config.ts) runs it
# as its web server, so both get the same environment. PORT defaults to 3000; HOST to 127.0.0.1
# (only this machine can reach it, and the dev mailbox is on by default only then). The app's URL
# and the mailbox URL are printed by the server itself once it has opened its database.
# It runs Next's standalone server (.next/standalone/server.js), the same command the Docker image
# runs, so the e2e suite tests what ships.
set -euo pipefail
source "$(dirname "$0")/ensure-node.sh"
cd "$ROOT"
if [ ! -f .next/standalone/server.js ] || [ ! -f .next/standalone/url-guard.cjs ]; then
  echo "✗ .next/standalone/server.js is missing: run npm run build first" >&2
  exit 1
fi
export PORT="${PORT:-3000}" HOST="${HOST:-127.0.0.1}"
# The standalone server binds to HOSTNAME and works from its own folder, so the embedded database's
# default folder is made absolute here: .data/ in the checkout, surviving rebuilds.
export HOSTNAME="$HOST"
export DATA_DIR="${DATA_DIR:-$ROOT/.data}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$ROOT/$DATA_DIR" ;; esac
# url-guard answers paths that are not valid percent-encoding with a 400 (Next answers those 500).
exec node --require ./.next/standalone/url-guard.cjs .next/standalone/server.js
