# Shared by .ci/ui.sh and .ci/load.sh (sourced): a scratch folder removed at exit, and
# `start_server BINARY DB` which runs `BINARY serve` on a free loopback port, waits until
# /api/health answers, and sets SERVER_PID, PORT and BASE. The server is stopped at exit.
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

start_server() {
  local bin="$1" db="$2"
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  BASE="http://127.0.0.1:$PORT"
  "$bin" serve --db "$db" --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -fsS "$BASE/api/health" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log"; echo "server exited" >&2; exit 1; }
    sleep 0.5
  done
  cat "$WORK/serve.log"; echo "server did not start" >&2; exit 1
}
