#!/usr/bin/env bash
# HTTP benchmark of the real server: order creation and order reads with wrk (64 connections).
#
# Usage: bench/http_bench.sh [BUILD_DIR]   (default: build; expects BUILD_DIR/minsheng)
# Env:   DURATION (default 20s), CONNECTIONS (64), THREADS (2), MIN_ORDERS (100000),
#        KEEP_DB=1 to keep the temp directory, SERVE_FLAGS (e.g. "--no-suggest").
# Builds nothing. Uses a fresh *durable* database (synchronous=FULL, group commit) in /tmp.
# Targets: create >= 5,000 req/s with p99 <= 50 ms; get >= 20,000 req/s with p50 <= 2 ms;
# RSS <= 150 MB after >= 100,000 orders.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
BIN="$BUILD/minsheng"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
MIN_ORDERS="${MIN_ORDERS:-100000}"
[[ -x "$BIN" ]] || { echo "找不到 $BIN,请先构建 minsheng" >&2; exit 1; }
command -v wrk >/dev/null || { echo "需要 wrk" >&2; exit 1; }

TMP="$(mktemp -d /tmp/minsheng_bench_XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export MINSHENG_ADMIN_PASSWORD="bench-Passw0rd"
"$BIN" serve --db "$TMP/bench.db" --port "$PORT" --bind 127.0.0.1 --config "$ROOT/config/default" \
  ${SERVE_FLAGS:-} >"$TMP/server.log" 2>&1 &
PID=$!
cleanup() {
  kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  [[ "${KEEP_DB:-0}" == 1 ]] || rm -rf "$TMP"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$TMP/server.log"; exit 1; }

TOKEN="$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" \
  -d "{\"username\":\"admin\",\"password\":\"$MINSHENG_ADMIN_PASSWORD\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
export TOKEN

total_orders() {
  curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/orders?page_size=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
rss() { grep -E '^(VmRSS|VmHWM)' "/proc/$PID/status" | tr -s ' ' | tr '\n' ' '; echo; }

echo "== minsheng HTTP bench: $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, server pid $PID"
echo "== RSS at start: $(rss)"

echo
echo "== (a) POST /api/v1/orders"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/create_order.lua" \
  "http://127.0.0.1:$PORT/api/v1/orders"
N="$(total_orders)"
echo "orders in database: $N"

# Fill up to MIN_ORDERS (the RSS target is measured with at least that many orders).
while (( N < MIN_ORDERS )); do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$ROOT/bench/create_order.lua" \
    "http://127.0.0.1:$PORT/api/v1/orders" | grep -E 'Requests/sec' || true
  N="$(total_orders)"
  echo "orders in database: $N"
done

echo
echo "== (b) GET /api/v1/orders/{id} (random id in 1..$N)"
MAX_ID="$N" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/get_order.lua" \
  "http://127.0.0.1:$PORT"

echo
echo "== server memory after $N orders: $(rss)"
kill -TERM "$PID"; wait "$PID" || true
grep -E '提交' "$TMP/server.log" || true  # group-commit stats (writes / batches)
