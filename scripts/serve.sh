#!/usr/bin/env bash
# Serves the production build (`next build` first). The one place that decides how the app is
# started: scripts/start.sh execs it for a newcomer and the e2e suite (playwright.config.ts) runs it
# as its web server, so both get the same environment. PORT defaults to 3000; HOST to 127.0.0.1
# (only this machine can reach it, and the dev mailbox is on by default only then). The app's URL
# and the mailbox URL are printed by the server itself once it has opened its database.
set -euo pipefail
source "$(dirname "$0")/ensure-node.sh"
cd "$ROOT"
export PORT="${PORT:-3000}" HOST="${HOST:-127.0.0.1}"
exec ./node_modules/.bin/next start -p "$PORT" -H "$HOST"
