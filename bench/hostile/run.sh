#!/usr/bin/env bash
# Slow and hostile viewers (issue 14; a benchmark, not a test): a victim's key -> canvas latency
# alone and while another user's session on the same session host has a viewer reading at
# 10 kB/s, a client that never acknowledges a frame, or a client flooding pointer or key input;
# the server's and the session host's memory (RSS every second, heap from their GC logs) meanwhile, and
# what became of each hostile connection. See hostile.mjs for the scenarios.
#
#   bench/hostile/run.sh [--keys 100] [--rounds 2] [--rate 10000] [--hold 20] [--scenarios alone,busy,...]
#
# Starts a private all-in-one farm in a temporary directory (the server and the session host from
# server/target and session-host/target, built if missing; the tiny image; capacity 2048 MiB,
# room for 4 tiny guests), creates the users 'victim' and 'hostile' through the REST API and
# launches a desktop for each (both on the one host), then runs hostile.mjs (headless Chromium
# through playwright-core, installed by bench/display). Raw results: bench/hostile/results/.
# VENTANA_BENCH_KEEP_LOGS=DIR keeps the server's and the host's logs. Every process started here
# is stopped on exit.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/../../deploy/local/lib.sh"
cd "$VENTANA_ROOT"
COMMAND="bench/hostile/run.sh${*:+ $*}"
HOSTILE_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --keys|--rounds|--rate|--hold|--scenarios) HOSTILE_ARGS+=("$1" "$2"); shift 2 ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done

find_java
apt_install curl python3 qemu-system-x86 qemu-utils chromium
command -v node >/dev/null || die "node (v20 or newer) is needed to drive Chromium"
if [ ! -d "$BENCH_DIR/../display/node_modules/playwright-core" ]; then
  (cd "$BENCH_DIR/../display" && npm ci --no-audit --no-fund >&2)
fi

WORK="$(mktemp -d /tmp/ventana-bench-hostile.XXXXXX)"
pids=()
SESSIONS=()
cleanup() {
  local rc=$?
  trap - INT TERM EXIT
  say "stopping everything this benchmark started"
  for s in "${SESSIONS[@]}"; do
    curl -fsS -X DELETE -H "Authorization: Bearer ${s#*:}" "http://127.0.0.1:$SERVER_PORT/api/v1/sessions/${s%%:*}" >/dev/null 2>&1 || true
  done
  for _ in $(seq 1 30); do
    [ ${#SESSIONS[@]} -gt 0 ] || break
    agent guests 2>/dev/null | grep -qE '"state":"(STARTING|RUNNING|STOPPING)"' || break
    sleep 1
  done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
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
  wait 2>/dev/null || true
  if [ -n "${VENTANA_BENCH_KEEP_LOGS:-}" ]; then
    mkdir -p "$VENTANA_BENCH_KEEP_LOGS" && cp "$WORK"/*.log "$VENTANA_BENCH_KEEP_LOGS/" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup INT TERM EXIT

SERVER_JAR="${VENTANA_SERVER_JAR:-server/target/ventana-server-0.1.0-SNAPSHOT.jar}"
HOST_JAR="${VENTANA_HOST_JAR:-session-host/target/ventana-session-host-0.1.0-SNAPSHOT.jar}"
if [ ! -f "$SERVER_JAR" ] || [ ! -f "$HOST_JAR" ]; then
  say "building the jars: ./mvnw -B -DskipTests package"
  ./mvnw -B -DskipTests package > "$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "the build failed"; }
fi
JARS_DESC="$(basename "$SERVER_JAR") and $(basename "$HOST_JAR") as built $(date -u -r "$SERVER_JAR" +'%Y-%m-%d %H:%M UTC') (working tree at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- db server web-client session-host pom.xml || echo ' with uncommitted changes'))"
cp "$SERVER_JAR" "$WORK/server.jar"; cp "$HOST_JAR" "$WORK/host.jar"

IMAGES_DIR="$WORK/images"
say "tiny image (in $IMAGES_DIR; downloads cached in build/images/.cache)"
VENTANA_IMAGES_DIR="$IMAGES_DIR" VENTANA_IMAGES_CACHE="${VENTANA_IMAGES_CACHE:-$VENTANA_ROOT/build/images/.cache}" \
  nice -n 10 deploy/images/tiny/build.sh >/dev/null || die "the tiny image did not build"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
agent() { curl -fsS -H "Authorization: Bearer $FARM_TOKEN" "http://127.0.0.1:$HOST_PORT/api/v1/$1" "${@:2}"; }
api() { curl -fsS -H 'Content-Type: application/json' "${@:2}" "http://127.0.0.1:$SERVER_PORT/api/v1/$1"; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }
java_pid() {
  local pid=$1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = java ] && { echo "$pid"; return; }
  pgrep -P "$pid" -x java | head -n 1
}
secret() { head -c 9 /dev/urandom | base64 | tr -d '/+=\n'; }
SERVER_PORT=$(free_port) HOST_PORT=$(free_port)
FARM_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
ADMIN_PASSWORD="bench-admin-$(secret)"

say "starting the server on 127.0.0.1:$SERVER_PORT (log: $WORK/server.log)"
VENTANA_DATA_DIR="$WORK/server-data" VENTANA_FARM_TOKEN="$FARM_TOKEN" VENTANA_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  setsid java "${VENTANA_JVM_OPTS[@]}" -Xlog:gc:file="$WORK/server-gc.log":time -jar "$WORK/server.jar" --server.address=127.0.0.1 --server.port="$SERVER_PORT" \
  --ventana.hosts.local-url="http://127.0.0.1:$HOST_PORT" --ventana.default-pool.image=tiny \
  > "$WORK/server.log" 2>&1 &
pids+=($!)
SERVER_PID=$!
for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "the server did not start"; }
say "starting the session host on 127.0.0.1:$HOST_PORT (log: $WORK/host.log)"
setsid java "${VENTANA_JVM_OPTS[@]}" -Xlog:gc:file="$WORK/host-gc.log":time -jar "$WORK/host.jar" --server.address=127.0.0.1 --server.port="$HOST_PORT" \
  --ventana.host.farm-token="$FARM_TOKEN" --ventana.host.images-dir="$IMAGES_DIR" \
  --ventana.host.run-dir="$WORK/run" --ventana.host.data-dir="$WORK/host-data" \
  --ventana.host.server-url="http://127.0.0.1:$SERVER_PORT" --ventana.host.name=local \
  --ventana.host.url="http://127.0.0.1:$HOST_PORT" --ventana.host.instant-on=false --ventana.host.capacity-mib=2048 \
  > "$WORK/host.log" 2>&1 &
pids+=($!)
HOST_PID=$!
for _ in $(seq 1 90); do agent images >/dev/null 2>&1 && break; sleep 1; done
agent images >/dev/null 2>&1 || { tail -n 30 "$WORK/host.log" >&2; die "the session host did not start"; }
JVM_PIDS="$(java_pid "$SERVER_PID"),$(java_pid "$HOST_PID")"

ADMIN_TOKEN=$(api auth/token -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | json 'd["token"]')
declare -A PASSWORD SESSION
for user in victim hostile; do
  PASSWORD[$user]="bench-$user-$(secret)"
  api admin/users -H "Authorization: Bearer $ADMIN_TOKEN" \
    -d "{\"username\":\"$user\",\"displayName\":\"$user\",\"password\":\"${PASSWORD[$user]}\",\"roles\":[\"USER\"]}" >/dev/null
  token=$(api auth/token -d "{\"username\":\"$user\",\"password\":\"${PASSWORD[$user]}\"}" | json 'd["token"]')
  id=""
  for _ in $(seq 1 60); do
    id=$(api desktops/desktop/sessions -X POST -H "Authorization: Bearer $token" 2>/dev/null | json 'd["id"]' 2>/dev/null) && break
    sleep 2 # the default pool is published once the host's images are known
  done
  [ -n "$id" ] || die "could not launch the desktop of $user"
  SESSION[$user]=$id
  SESSIONS+=("$id:$token")
  state=""
  for _ in $(seq 1 300); do
    state=$(api "sessions/$id" -H "Authorization: Bearer $token" | json 'd["state"]')
    [ "$state" = RUNNING ] && break
    case "$state" in FAILED|STOPPED) die "the desktop of $user ended: $state";; esac
    sleep 1
  done
  [ "$state" = RUNNING ] || die "the desktop of $user did not reach RUNNING (state $state)"
  say "$user: session $id running"
done
[ "$(agent guests | json 'len([g for g in d if g["state"] == "RUNNING"])')" = 2 ] || die "expected both guests on the one host"

mkdir -p "$BENCH_DIR/results"
OUT="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ).json"
(cd "$BENCH_DIR" && node hostile.mjs --base "http://127.0.0.1:$SERVER_PORT" --out "$OUT" --gc-logs "$WORK/server-gc.log,$WORK/host-gc.log" \
  --victim "victim,${PASSWORD[victim]},${SESSION[victim]}" --hostile "hostile,${PASSWORD[hostile]},${SESSION[hostile]}" \
  --pids "$JVM_PIDS" --command "$COMMAND" --jars "$JARS_DESC" "${HOSTILE_ARGS[@]}")
node "$BENCH_DIR/report.mjs" "$OUT"
