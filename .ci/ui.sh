#!/usr/bin/env bash
# Browser tests of the web UI: .ci/ui.sh BINARY SHARED [SCREENSHOT_DIR]
#
# Installs Debian's chromium and the npm dependencies of crates/server/web (npm ci, from the
# lockfile), builds a database from the seed example and a few dev articles of SHARED/gold,
# starts `BINARY serve` on a free loopback port, runs crates/server/web/tests/ui.mjs against it
# (screenshots into SCREENSHOT_DIR, default target/ui-shots), and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(realpath "${1:?usage: .ci/ui.sh BINARY SHARED [SCREENSHOT_DIR]}")"
SHARED="$(realpath "${2:?usage: .ci/ui.sh BINARY SHARED [SCREENSHOT_DIR]}")"
SHOTS="$(realpath -m "${3:-target/ui-shots}")"
WEB=crates/server/web

if ! command -v chromium >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq --no-install-recommends chromium nodejs npm >/dev/null
fi
(cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DB="$WORK/ui.db"
"$BIN" ingest examples/kim-putin-telefonata.it.txt --published 2025-08-13 --db "$DB"
# A few dev articles (Italian and English) as JSON Lines: id, lang, published, text.
python3 - "$SHARED" "$WORK/dev.jsonl" <<'EOF'
import json, sys
shared, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for name in ("dev-it.json", "dev-en.json"):
        for a in json.load(open(f"{shared}/gold/{name}", encoding="utf-8"))[:4]:
            f.write(json.dumps({k: a[k] for k in ("id", "lang", "published", "text")}, ensure_ascii=False) + "\n")
EOF
"$BIN" ingest "$WORK/dev.jsonl" --db "$DB"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# Until `annalist serve` is wired, ANNALIST_SERVE_EXAMPLE may name the server crate's example
# binary (target/*/examples/serve DB ADDR) to run instead.
if [ -n "${ANNALIST_SERVE_EXAMPLE:-}" ]; then
  "$ANNALIST_SERVE_EXAMPLE" "$DB" "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
else
  "$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
fi
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log"; echo "server exited" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null || { cat "$WORK/serve.log"; echo "server did not start" >&2; exit 1; }

# The served OpenAPI description must be valid OpenAPI 3 (PyPI's openapi-spec-validator).
curl -fsS "http://127.0.0.1:$PORT/api/openapi.json" -o "$WORK/openapi.json"
python3 -c 'import openapi_spec_validator' 2>/dev/null || pip install -q openapi-spec-validator >/dev/null
python3 -c 'import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print("openapi.json: valid OpenAPI", json.load(open(sys.argv[1]))["openapi"])' "$WORK/openapi.json"

(cd "$WEB" && node tests/ui.mjs "http://127.0.0.1:$PORT" "$SHOTS")
echo "screenshots in $SHOTS"
