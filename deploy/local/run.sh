#!/usr/bin/env bash
# Builds what is missing and starts the all-in-one farm on this machine. Ctrl-C stops it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$VENTANA_ROOT"
find_java

PORT="${SERVER_PORT:-8080}"
export VENTANA_DATA_DIR="${VENTANA_DATA_DIR:-$VENTANA_ROOT/data}"
SERVER_JAR="server/target/ventana-server-0.1.0-SNAPSHOT.jar"

newer_sources() {
  [ -f "$SERVER_JAR" ] || return 0
  [ -n "$(find pom.xml db server web-client session-host -newer "$SERVER_JAR" -type f \
          -not -path '*/target/*' -not -path '*/node_modules/*' 2>/dev/null | head -n 1)" ]
}

if newer_sources; then
  say "building (the first build downloads dependencies and takes a few minutes)"
  ./mvnw -B -DskipTests package 2>&1 | grep -E '^\[(INFO|ERROR)\] (Building |BUILD|Total time)|ERROR' \
    || true
  [ -f "$SERVER_JAR" ] && ! newer_sources || die "the build failed; run './mvnw -B -DskipTests package' to see why."
fi

pids=()
stop_all() {
  trap - INT TERM EXIT
  say "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

say "starting the server (data in $VENTANA_DATA_DIR)"
java -jar "$SERVER_JAR" --server.port="$PORT" &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fs "http://localhost:$PORT/actuator/health" >/dev/null 2>&1; then
    cat >&2 <<MSG

  Ventana is running:  http://localhost:$PORT
  Sign in as 'admin' with the password printed above on the first start
  (or the one in VENTANA_ADMIN_PASSWORD). Ctrl-C stops everything.

MSG
    wait "${pids[0]}"
    exit $?
  fi
  kill -0 "${pids[0]}" 2>/dev/null || { wait "${pids[0]}" || true; trap - EXIT; exit 1; }
  sleep 1
done
die "the server did not answer on port $PORT within 120 s"
