# Sourced by test.sh and .ci/run: makes sure the local Postgres and Redis the tests use answer
# (starting them if installed, installing them from Debian's packages when root), and Chromium.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq >/dev/null || true; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "› installing Chromium (Debian package) for the end-to-end tests"
  apt_install chromium || { echo "✗ /usr/bin/chromium is missing; install the 'chromium' package" >&2; return 1; }
}

pg_answers() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
ensure_postgres() {
  command -v pg_isready >/dev/null || apt_install postgresql postgresql-client || true
  if ! pg_answers; then
    for v in $(ls /etc/postgresql 2>/dev/null); do
      as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true
    done
    for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
  fi
  pg_answers || { echo "✗ Postgres does not answer on 127.0.0.1:5432" >&2; return 1; }
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
}

redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
ensure_redis() {
  command -v redis-server >/dev/null || apt_install redis-server || true
  if ! redis_answers; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
    for _ in $(seq 1 20); do redis_answers && break; sleep 0.5; done
  fi
  redis_answers || { echo "✗ Redis does not answer on 127.0.0.1:6379" >&2; return 1; }
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
}

# promtool validates and unit-tests the Prometheus alert rules (tests/ops/alert-rules.test.ts).
ensure_promtool() {
  command -v promtool >/dev/null && return 0
  echo "› installing promtool (Debian's prometheus package) for the alert-rule tests"
  apt_install --no-install-recommends prometheus || { echo "✗ promtool is missing; install the 'prometheus' package" >&2; return 1; }
}
