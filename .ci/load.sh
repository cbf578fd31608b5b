#!/usr/bin/env bash
# Load test of `annalist serve` on loopback: .ci/load.sh BINARY [SECONDS]
#
# Builds a database from the seed example, starts the server on a free 127.0.0.1 port, then
# with wrk (bounded: SECONDS per run, default 10, 2 threads, 16 connections) hits
# GET /api/events and POST /api/extract, printing requests/s and the server's resident memory
# (VmRSS) after a warm-up and after the runs. Fails when RSS grows more than 50% past warm-up,
# when an oversized body does not get 413, or malformed JSON does not get 400.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(realpath "${1:?usage: .ci/load.sh BINARY [SECONDS]}")"
SECS="${2:-10}"

if ! command -v wrk >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

source .ci/serve-lib.sh

DB="$WORK/load.db"
"$BIN" ingest examples/kim-putin-telefonata.it.txt --published 2025-08-13 --db "$DB" 2>/dev/null
start_server "$BIN" "$DB"

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
fail=0

# Error handling first (curl): an oversized body and malformed JSON.
code=$(head -c 3000000 /dev/zero | tr '\0' 'a' | curl -s -o "$WORK/413.json" -w '%{http_code}' \
  -H 'Content-Type: text/plain' --data-binary @- "$BASE/api/extract")
echo "oversized body (3 MB): HTTP $code $(cat "$WORK/413.json")"
[ "$code" = 413 ] || { echo "FAIL: expected 413"; fail=1; }
code=$(curl -s -o "$WORK/400.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data '{"text": "unterminated' "$BASE/api/extract")
echo "malformed JSON: HTTP $code $(cat "$WORK/400.json")"
[ "$code" = 400 ] || { echo "FAIL: expected 400"; fail=1; }

# The extract request: the seed article as JSON.
python3 - "$WORK/extract.lua" <<'EOF'
import json, sys
text = open("examples/kim-putin-telefonata.it.txt", encoding="utf-8").read()
body = json.dumps({"text": text, "published": "2025-08-13", "lang": "it"})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    f.write("wrk.body = " + json.dumps(body) + "\n")
EOF

run() { # name, wrk args...
  local name="$1"; shift
  local out
  out=$(wrk -t2 -c16 -d"${SECS}s" --timeout 10s "$@")
  local rps non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  printf '%-34s %10s req/s  RSS %s kB%s\n' "$name" "$rps" "$(rss)" "${non2xx:+  non-2xx: $non2xx}"
  if [ -n "$non2xx" ]; then echo "FAIL: $name had non-2xx answers"; fail=1; fi
}

# Warm-up: caches, the connection pool and the allocator reach their working size.
wrk -t2 -c16 -d3s "$BASE/api/events?limit=20" >/dev/null
wrk -t2 -c16 -d3s -s "$WORK/extract.lua" "$BASE/api/extract" >/dev/null
warm=$(rss)
echo "RSS after warm-up: $warm kB"
run "GET /api/events?limit=20" "$BASE/api/events?limit=20"
run "GET /api/events?type=CONSULT" "$BASE/api/events?type=CONSULT&actor=Putin"
run "POST /api/extract (seed, 3 KB)" -s "$WORK/extract.lua" "$BASE/api/extract"
after=$(rss)
echo "RSS after load: $after kB (warm-up $warm kB)"
if [ "$after" -gt $((warm * 3 / 2)) ]; then
  echo "FAIL: RSS grew more than 50% after warm-up"; fail=1
fi
kill -0 "$SERVER_PID" 2>/dev/null || { echo "FAIL: the server died"; fail=1; }
[ "$fail" = 0 ] && echo "load test passed" || { echo "load test failed"; exit 1; }
