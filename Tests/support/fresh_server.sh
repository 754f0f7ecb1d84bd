# Sourced by scripts that need a live `supportmatch serve` (Benchmarks/http/run.sh,
# Tests/openapi/schemathesis.sh): one way to start it, wait for it and clean up.
#
#   source Tests/support/fresh_server.sh
#   start_fresh_server "$binary" [STORE]   # sets $work, $port, $base; stops the server on exit
#
# The server gets a fresh database in a temporary folder (so the bundled catalogue is imported
# on first use), or a copy of the SQLite file STORE when one is given, a free loopback port, and logs to "$work/server.log", which is printed when it
# does not become ready within 60 s.

start_fresh_server() {
  local binary="$1"
  work="$(mktemp -d)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  base="http://127.0.0.1:$port"
  if [ -n "${2:-}" ]; then
    # A copy, so the run never changes the store it measures (and its WAL goes with it).
    sqlite3 "$2" ".backup '$work/db.sqlite'" 2>/dev/null || cp "$2" "$work/db.sqlite"
  fi
  "$binary" serve --port "$port" --database "$work/db.sqlite" >"$work/server.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 300); do
    curl -fsS "$base/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  curl -fsS "$base/health" >/dev/null || { cat "$work/server.log"; exit 1; }
}
