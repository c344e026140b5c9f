#!/usr/bin/env bash
# Runs the whole test suite: lint, typecheck, unit + integration (real Postgres and Redis),
# then Playwright in Chromium against the production build.
set -euo pipefail
source "$(dirname "$0")/ensure-node.sh"
source "$(dirname "$0")/ensure-services.sh"
cd "$ROOT"
ensure_deps
ensure_chromium
ensure_promtool
ensure_postgres
ensure_redis
echo "› npm test (TEST_DATABASE_URL=$TEST_DATABASE_URL, REDIS_URL=$REDIS_URL)"
npm test
