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

# Each only where missing: a machine whose Node.js comes from elsewhere (NodeSource's nodejs,
# which bundles npm) cannot take Debian's npm beside it, and asking for both made apt fail.
export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
(cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)

source .ci/serve-lib.sh

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

start_server "$BIN" "$DB"

# The served OpenAPI description must be valid OpenAPI 3 (PyPI's openapi-spec-validator).
curl -fsS "$BASE/api/openapi.json" -o "$WORK/openapi.json"
python3 -c 'import openapi_spec_validator' 2>/dev/null || pip install -q openapi-spec-validator >/dev/null
python3 -c 'import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print("openapi.json: valid OpenAPI", json.load(open(sys.argv[1]))["openapi"])' "$WORK/openapi.json"

(cd "$WEB" && node tests/ui.mjs "$BASE" "$SHOTS")
echo "screenshots in $SHOTS"
