#!/usr/bin/env bash
# Memory of idle sessions (not a test): the proportional set size (PSS, /proc/<pid>/smaps_rollup)
# of each guest's QEMU, cold-booted vs restored from the instant-on template.
#
#   bench/launch/pss.sh [--counts "1 4"] [--idle 30] [--cases "office:cold office:private tiny:cold tiny:shared"]
#
# A private farm as bench/launch/run.sh starts one (free ports, temporary data dir, the jars in
# */target, the images in build/images/<image>/current). Per case (image:mode, mode cold =
# instantOn false, private = instantOn without page sharing, shared = instantOn with page
# sharing) and count N: N users each launch the pool's desktop through the API (no viewer), all
# wait until RUNNING and ready (the guest agent's READY), then IDLE seconds idle; then the PSS and RSS of every guest's QEMU are
# read, and the sessions ended. Instant-on cases first make their template with one launch.
# Prints one line per case and count and writes them to bench/launch/results/<stamp>-pss/.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/../../deploy/local/lib.sh"
cd "$VENTANA_ROOT"

COUNTS="1 4" IDLE=30 CASES="office:cold office:private tiny:cold tiny:shared"
while [ $# -gt 0 ]; do
  case "$1" in
    --counts) COUNTS="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --cases) CASES="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
find_java
SERVER_JAR=server/target/ventana-server-0.1.0-SNAPSHOT.jar
HOST_JAR=session-host/target/ventana-session-host-0.1.0-SNAPSHOT.jar
IMAGES_DIR="${VENTANA_IMAGES_DIR:-$VENTANA_ROOT/build/images}"
OUT="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-pss"
mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/ventana-bench-pss.XXXXXX)"
pids=()
cleanup() {
  local rc=$?
  trap - INT TERM EXIT
  say "stopping everything this benchmark started"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    local alive=no
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=yes; done
    [ "$alive" = no ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for f in "$WORK"/run/*/qemu.pid; do
    [ -s "$f" ] || continue
    local qpid; qpid=$(cat "$f")
    if grep -q "$WORK" "/proc/$qpid/cmdline" 2>/dev/null; then kill -TERM "$qpid" 2>/dev/null || true; fi
  done
  cp "$WORK"/*.log "$OUT"/ 2>/dev/null || true
  rm -rf "$WORK"
  exit $rc
}
trap cleanup INT TERM EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SERVER_PORT=$(free_port) HOST_PORT=$(free_port)
FARM_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
ADMIN_PASSWORD="bench-admin-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
USER_PASSWORD="bench-user-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
BASE="http://127.0.0.1:$SERVER_PORT"
agent() { curl -fsS -H "Authorization: Bearer $FARM_TOKEN" "http://127.0.0.1:$HOST_PORT/api/v1/$1" "${@:2}"; }
api() { curl -fsS -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_TOKEN" "${@:2}" "$BASE/api/v1/$1"; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }
token() { curl -fsS -H 'Content-Type: application/json' "$BASE/api/v1/auth/token" -d "{\"username\":\"$1\",\"password\":\"$2\"}" | json 'd["token"]'; }

cp "$SERVER_JAR" "$WORK/server.jar"; cp "$HOST_JAR" "$WORK/host.jar"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/load.txt" >&2
setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$WORK/host.jar" --server.address=127.0.0.1 --server.port="$HOST_PORT" \
  --ventana.host.farm-token="$FARM_TOKEN" --ventana.host.images-dir="$IMAGES_DIR" \
  --ventana.host.server-url="$BASE" --ventana.host.name=local --ventana.host.url="http://127.0.0.1:$HOST_PORT" \
  --ventana.host.run-dir="$WORK/run" --ventana.host.data-dir="$WORK/host-data" > "$WORK/host.log" 2>&1 &
pids+=($!)
VENTANA_DATA_DIR="$WORK/server-data" VENTANA_FARM_TOKEN="$FARM_TOKEN" VENTANA_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$WORK/server.jar" --server.address=127.0.0.1 --server.port="$SERVER_PORT" \
  --ventana.default-pool.image=tiny > "$WORK/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 90); do agent images >/dev/null 2>&1 && break; sleep 1; done
for _ in $(seq 1 180); do curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
ADMIN_TOKEN=$(token admin "$ADMIN_PASSWORD")
for _ in $(seq 1 30); do api admin/pools/desktop -X PATCH -d '{"enabled":false}' >/dev/null 2>&1 && break; sleep 1; done

MAX=0; for n in $COUNTS; do [ "$n" -gt "$MAX" ] && MAX=$n; done
for i in $(seq 1 "$MAX"); do
  api admin/users -d "{\"username\":\"pss-$i\",\"displayName\":\"PSS $i\",\"password\":\"$USER_PASSWORD\",\"roles\":[\"USER\"]}" >/dev/null
done

until_empty() {
  for _ in $(seq 1 120); do
    agent guests | grep -qE '"state":"(STARTING|RUNNING|STOPPING)"' || return 0
    sleep 1
  done
  die "guests still live"
}
launch_all() { # pool count -> session ids
  local ids=() i t
  for i in $(seq 1 "$2"); do
    t=$(token "pss-$i" "$USER_PASSWORD")
    ids+=("$(curl -fsS -X POST -H "Authorization: Bearer $t" "$BASE/api/v1/desktops/$1/sessions" | json 'd["id"]')")
  done
  echo "${ids[@]}"
}
end_all() { for id in "$@"; do api "sessions/$id" -X DELETE >/dev/null || true; done; until_empty; }
until_running() { # count
  for _ in $(seq 1 300); do
    # RUNNING and ready (the agent's READY: a cold boot is RUNNING from its first disk progress).
    [ "$(agent guests | json 'sum(1 for g in d if g["state"] == "RUNNING" and g.get("readyAt"))')" -ge "$1" ] && return 0
    sleep 1
  done
  die "not all $1 guests reached RUNNING"
}

echo "case | sessions | PSS per guest MiB (mean) | PSS each | RSS mean MiB | restored" > "$OUT/pss.txt"
for c in $CASES; do
  image=${c%%:*} mode=${c#*:}
  pool="pss-$image-$mode"
  version=$(basename "$(readlink -f "$IMAGES_DIR/$image/current")")
  case "$mode" in
    cold) flags='"instantOn":false' ;;
    private) flags='"instantOn":true,"pageSharing":false' ;;
    shared) flags='"instantOn":true,"pageSharing":true' ;;
  esac
  for _ in $(seq 1 60); do
    api admin/pools -d "{\"name\":\"$pool\",\"image\":\"$image\",\"version\":\"$version\",\"memoryMiB\":512,\"vcpus\":1,$flags}" >/dev/null 2>&1 && break
    sleep 2
  done
  for i in $(seq 1 "$MAX"); do api "admin/pools/$pool/entitlements" -d "{\"user\":\"pss-$i\"}" >/dev/null; done
  if [ "$mode" != cold ]; then
    made=$(grep -c "template .* made in" "$WORK/host.log" || true)
    for attempt in 1 2 3; do
      say "$c: a launch that makes the template (attempt $attempt)"
      # shellcheck disable=SC2046
      ids=$(launch_all "$pool" 1); until_running 1; sleep 3; end_all $ids
      for _ in $(seq 1 120); do
        [ "$(grep -c "template .* made in" "$WORK/host.log" || true)" -gt "$made" ] && break 2
        sleep 1
      done
    done
  fi
  for n in $COUNTS; do
    say "$c: $n idle sessions"
    # shellcheck disable=SC2046
    ids=$(launch_all "$pool" "$n")
    until_running "$n"
    sleep "$IDLE"
    line=$(agent guests | python3 "$BENCH_DIR/pss.py")
    echo "$c | $n | $line" | tee -a "$OUT/pss.txt"
    # shellcheck disable=SC2086
    end_all $ids
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt" >&2
