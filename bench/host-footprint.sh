#!/usr/bin/env bash
# The session host application's own footprint (see docs/benchmarks.md): its RSS and CPU
# idle, then with N idle tiny guests started through the agent API.
# Usage: bench/host-footprint.sh [guests=2]
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
GUESTS="${1:-2}"
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    [ -x "$j/bin/java" ] && { export JAVA_HOME="$j"; break; }
  done
fi
IMAGES="${VENTANA_IMAGES_DIR:-$REPO/build/images}"
VENTANA_IMAGES_DIR="$IMAGES" deploy/images/tiny/build.sh >/dev/null
./mvnw -B -f session-host/pom.xml package -DskipTests >&2
TMP=$(mktemp -d)
TOKEN=bench-farm-token-0123456789
PORT=18091
API="http://127.0.0.1:$PORT/api/v1"
"$JAVA_HOME/bin/java" -jar session-host/target/ventana-session-host-*[0-9T].jar --server.port=$PORT \
  --ventana.host.farm-token=$TOKEN --ventana.host.images-dir="$IMAGES" --ventana.host.run-dir="$TMP/run" \
  --ventana.host.data-dir="$TMP/data" --ventana.host.accel=tcg --ventana.host.data-disk-mib=64 > "$TMP/host.log" 2>&1 &
HOST=$!
IDS=()
cleanup() {
  for id in "${IDS[@]}"; do curl -s -X DELETE -H "Authorization: Bearer $TOKEN" "$API/guests/$id" >/dev/null || true; done
  sleep 5
  for pid in $(cat "$TMP"/run/*/qemu.pid 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  kill "$HOST" 2>/dev/null || true
  wait "$HOST" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
until api "$API/guests" >/dev/null 2>&1; do kill -0 $HOST || { cat "$TMP/host.log"; exit 1; }; sleep 0.5; done
rss() { awk '/VmRSS/ {print int($2 / 1024)}' /proc/$HOST/status; }
ticks() { awk '{print $14 + $15}' /proc/$HOST/stat; }
cpu() { local t0; t0=$(ticks); sleep "$1"; echo "scale=2; ($(ticks) - $t0) / $1" | bc; }
sleep 10
echo "idle, no guests: RSS $(rss) MiB, CPU $(cpu 20)% of a core"
for i in $(seq 1 "$GUESTS"); do
  IDS+=("$(api -X POST "$API/guests" -d "{\"user\":\"footprint$i\",\"image\":\"tiny\",\"memoryMiB\":256}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')")
done
for id in "${IDS[@]}"; do
  until api "$API/guests/$id" | grep -q '"state":"RUNNING"'; do sleep 1; done
done
sleep 30
echo "with $GUESTS idle tiny guests: RSS $(rss) MiB, CPU $(cpu 30)% of a core"
