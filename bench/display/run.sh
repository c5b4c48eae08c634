#!/usr/bin/env bash
# Display benchmark (not a test): Ventana's viewer vs noVNC on the same tiny guest.
#
# Starts a private all-in-one farm (the server and the session host from their packaged jars,
# a temporary data dir, the `tiny` image), creates a user, launches the desktop, then drives
# the same workloads through the real viewer page (/viewer/viewer.html, signed in through
# /login) and through noVNC over websockify on the same guest's VNC unix socket, in headless
# Chromium. Writes the table into docs/benchmarks.md (section "Display: Ventana vs noVNC")
# and the raw measurements into bench/display/results/.
#
#   bench/display/run.sh [--rounds 3] [--chars 200] [--scrolls 3] [--idle 60] [--rev GIT_REV | --build]
#                        [--no-doc] [--novnc-only]
#
# --rev builds the jars (`./mvnw -B -o -DskipTests package`) from a clean export of that commit
# in a temporary directory, so the numbers belong to a known commit whatever the working tree
# holds; --build runs `./mvnw -B -DskipTests package` in the working tree first; without
# either, the jars in the working tree's target/ directories are used (built if missing);
# --novnc-only boots the guest with QEMU by hand (as the session host would) and measures
# only noVNC, for when the farm does not run. VENTANA_SERVER_JAR and VENTANA_HOST_JAR point at
# other jars than the ones in server/target and session-host/target; VENTANA_BENCH_KEEP_LOGS=DIR keeps
# the server's and the session host's logs there. Every process started here is stopped on exit.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/../../deploy/local/lib.sh"
cd "$VENTANA_ROOT"

COMMAND="bench/display/run.sh${*:+ $*}"
ROUNDS=3 CHARS=200 IDLE=60 SCROLLS=3 BUILD=no DOC=yes NOVNC_ONLY=no REV=""
SCROLL_CMD="ls -la /bin /sbin /lib"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --chars) CHARS="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --scrolls) SCROLLS="$2"; shift 2 ;;
    --build) BUILD=yes; shift ;;
    --rev) REV="$2"; shift 2 ;;
    --no-doc) DOC=no; shift ;;
    --novnc-only) NOVNC_ONLY=yes; shift ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done

find_java
apt_install curl python3 qemu-system-x86 qemu-utils novnc websockify chromium
command -v node >/dev/null || die "node (v20 or newer) is needed to drive Chromium"
if [ ! -d "$BENCH_DIR/node_modules/playwright-core" ]; then
  say "installing playwright-core (npm; the browser is Debian's chromium)"
  (cd "$BENCH_DIR" && npm ci --no-audit --no-fund >&2)
fi

WORK="$(mktemp -d /tmp/ventana-bench-display.XXXXXX)"
pids=()
GUEST_PID_FILE=""
cleanup() {
  local rc=$?
  trap - INT TERM EXIT
  say "stopping everything this benchmark started"
  if [ -n "${SESSION_ID:-}" ] && [ -n "${USER_TOKEN:-}" ]; then
    curl -fsS -X DELETE -H "Authorization: Bearer $USER_TOKEN" \
      "http://127.0.0.1:$SERVER_PORT/api/v1/sessions/$SESSION_ID" >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do
      agent guests 2>/dev/null | grep -qE '"state":"(STARTING|RUNNING|STOPPING)"' || break
      sleep 1
    done
  fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    local alive=no
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=yes; done
    [ "$alive" = no ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  # A QEMU the session host did not stop in time (or the one booted by hand).
  for f in "$GUEST_PID_FILE" "$WORK"/run/*/qemu.pid; do
    [ -n "$f" ] && [ -s "$f" ] || continue
    local qpid; qpid=$(cat "$f")
    if grep -q "$WORK" "/proc/$qpid/cmdline" 2>/dev/null; then kill -TERM "$qpid" 2>/dev/null || true; fi
  done
  sleep 1
  wait 2>/dev/null || true
  if [ -n "${VENTANA_BENCH_KEEP_LOGS:-}" ]; then
    mkdir -p "$VENTANA_BENCH_KEEP_LOGS" && cp "$WORK"/*.log "$VENTANA_BENCH_KEEP_LOGS"/ 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup INT TERM EXIT

SERVER_JAR="${VENTANA_SERVER_JAR:-server/target/ventana-server-0.1.0-SNAPSHOT.jar}"
HOST_JAR="${VENTANA_HOST_JAR:-session-host/target/ventana-session-host-0.1.0-SNAPSHOT.jar}"
if [ "$NOVNC_ONLY" = yes ]; then
  JARS_DESC="none (noVNC only)"
elif [ -n "$REV" ]; then
  COMMIT=$(git rev-parse --verify "$REV^{commit}") || die "no commit $REV"
  say "building the jars from commit ${COMMIT:0:10} in $WORK/src (./mvnw -B -o -DskipTests package)"
  mkdir -p "$WORK/src"
  git archive "$COMMIT" | tar -x -C "$WORK/src"
  (cd "$WORK/src" && ./mvnw -B -o -DskipTests package > "$WORK/build.log" 2>&1) \
    || { tail -n 40 "$WORK/build.log" >&2; die "the build of ${COMMIT:0:10} failed"; }
  SERVER_JAR="$WORK/src/server/target/ventana-server-0.1.0-SNAPSHOT.jar"
  HOST_JAR="$WORK/src/session-host/target/ventana-session-host-0.1.0-SNAPSHOT.jar"
  JARS_DESC="built from commit ${COMMIT:0:10}"
else
  if [ "$BUILD" = yes ] || [ ! -f "$SERVER_JAR" ] || [ ! -f "$HOST_JAR" ]; then
    say "building the jars: ./mvnw -B -DskipTests package"
    ./mvnw -B -DskipTests package > "$WORK/build.log" 2>&1 \
      || { tail -n 40 "$WORK/build.log" >&2; die "the build failed"; }
  fi
  JARS_DESC="$(basename "$SERVER_JAR") and $(basename "$HOST_JAR") as built $(date -u -r "$SERVER_JAR" +'%Y-%m-%d %H:%M UTC') (working tree at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- db server web-client session-host pom.xml || echo ' with uncommitted changes'))"
fi


free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SERVER_PORT=$(free_port) HOST_PORT=$(free_port) WS_PORT=$(free_port)
FARM_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
ADMIN_PASSWORD="bench-admin-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
USER_NAME=bench USER_PASSWORD="bench-user-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
agent() { curl -fsS -H "Authorization: Bearer $FARM_TOKEN" "http://127.0.0.1:$HOST_PORT/api/v1/$1" "${@:2}"; }
api() { curl -fsS -H 'Content-Type: application/json' "${@:2}" "http://127.0.0.1:$SERVER_PORT/api/v1/$1"; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }

say "tiny image (private copy in $WORK/images; downloads cached in build/images/.cache)"
IMAGE_DIR=$(VENTANA_IMAGES_DIR="$WORK/images" VENTANA_IMAGES_CACHE="$VENTANA_ROOT/build/images/.cache" \
  deploy/images/tiny/build.sh) || die "the tiny image did not build"

if [ "$NOVNC_ONLY" = yes ]; then
  say "booting the tiny guest with QEMU by hand (the session host's command line, TCG)"
  mkdir -p "$WORK/guest"
  qemu-img create -q -f qcow2 -b "$IMAGE_DIR/base.qcow2" -F qcow2 "$WORK/guest/system.qcow2"
  VNC_SOCK="$WORK/guest/vnc.sock"
  GUEST_PID_FILE="$WORK/guest/qemu.pid"
  qemu-system-x86_64 -accel tcg -m 512M -smp 1 -nodefaults -vga std \
    -kernel "$IMAGE_DIR/vmlinuz" -initrd "$IMAGE_DIR/initrd.gz" -append "$(cat "$IMAGE_DIR/cmdline")" \
    -drive "file=$WORK/guest/system.qcow2,format=qcow2,if=virtio,id=system" -device virtio-tablet-pci \
    -display none -vnc "unix:$VNC_SOCK" -qmp "unix:$WORK/guest/qmp.sock,server=on,wait=off" \
    -pidfile "$GUEST_PID_FILE" > "$WORK/guest/qemu.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do [ -S "$VNC_SOCK" ] && break; sleep 0.2; done
  TARGETS=()
else
  # Copies, so that a rebuild by someone else during the run does not change what runs.
  cp "$SERVER_JAR" "$WORK/server.jar"; cp "$HOST_JAR" "$WORK/host.jar"
  say "starting the session host on 127.0.0.1:$HOST_PORT (log: $WORK/host.log)"
  setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$WORK/host.jar" --server.address=127.0.0.1 --server.port="$HOST_PORT" \
    --ventana.host.farm-token="$FARM_TOKEN" --ventana.host.images-dir="$WORK/images" \
    --ventana.host.run-dir="$WORK/run" --ventana.host.data-dir="$WORK/host-data" \
    > "$WORK/host.log" 2>&1 &
  pids+=($!)
  say "starting the server on 127.0.0.1:$SERVER_PORT (log: $WORK/server.log)"
  VENTANA_DATA_DIR="$WORK/server-data" VENTANA_FARM_TOKEN="$FARM_TOKEN" VENTANA_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$WORK/server.jar" --server.address=127.0.0.1 --server.port="$SERVER_PORT" \
    --ventana.hosts.local-url="http://127.0.0.1:$HOST_PORT" --ventana.default-pool.image=tiny \
    > "$WORK/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 90); do agent images >/dev/null 2>&1 && break; sleep 1; done
  agent images >/dev/null 2>&1 || { tail -n 30 "$WORK/host.log" >&2; die "the session host did not start"; }
  for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
  curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null \
    || { tail -n 30 "$WORK/server.log" >&2; die "the server did not start"; }

  say "creating the user '$USER_NAME' and launching the desktop"
  ADMIN_TOKEN=$(api auth/token -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | json 'd["token"]')
  api admin/users -H "Authorization: Bearer $ADMIN_TOKEN" \
    -d "{\"username\":\"$USER_NAME\",\"displayName\":\"Benchmark\",\"password\":\"$USER_PASSWORD\",\"roles\":[\"USER\"]}" >/dev/null
  USER_TOKEN=$(api auth/token -d "{\"username\":\"$USER_NAME\",\"password\":\"$USER_PASSWORD\"}" | json 'd["token"]')
  SESSION_ID=""
  for _ in $(seq 1 60); do
    SESSION_ID=$(api desktops/desktop/sessions -X POST -H "Authorization: Bearer $USER_TOKEN" 2>/dev/null | json 'd["id"]') && break
    sleep 2 # the default pool is published once the host's images are known
  done
  [ -n "$SESSION_ID" ] || die "could not launch the desktop"
  for _ in $(seq 1 120); do
    STATE=$(api "sessions/$SESSION_ID" -H "Authorization: Bearer $USER_TOKEN" | json 'd["state"]')
    [ "$STATE" = RUNNING ] && break
    case "$STATE" in FAILED|STOPPED) die "the desktop session ended: $STATE";; esac
    sleep 1
  done
  [ "$STATE" = RUNNING ] || die "the desktop did not reach RUNNING (state $STATE)"
  VNC_SOCK=$(agent guests | json '[g for g in d if g["state"] == "RUNNING"][0]["paths"]["vncSocket"]')
  VNC_SOCK="${VNC_SOCK#file://}" # a Path in JSON may come as a file: URI
  [ -S "$VNC_SOCK" ] || die "no VNC socket at $VNC_SOCK"
  TARGETS=(--ventana "http://127.0.0.1:$SERVER_PORT,$USER_NAME,$USER_PASSWORD,$SESSION_ID")
fi

say "websockify 127.0.0.1:$WS_PORT -> $VNC_SOCK (noVNC from /usr/share/novnc)"
websockify --web /usr/share/novnc --unix-target="$VNC_SOCK" "127.0.0.1:$WS_PORT" > "$WORK/websockify.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$WS_PORT/vnc_lite.html" >/dev/null 2>&1 && break; sleep 0.2; done
TARGETS+=(--novnc "http://127.0.0.1:$WS_PORT/vnc_lite.html?host=127.0.0.1&port=$WS_PORT")


mkdir -p "$BENCH_DIR/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$BENCH_DIR/results/$STAMP.json"
say "running: $ROUNDS rounds of typing $CHARS characters, $SCROLLS x '$SCROLL_CMD', idle $IDLE s (raw results: $OUT)"
(cd "$BENCH_DIR" && node bench.mjs --out "$OUT" --rounds "$ROUNDS" --chars "$CHARS" --idle "$IDLE" \
  --scrolls "$SCROLLS" --scroll-cmd "$SCROLL_CMD" --shots "$BENCH_DIR/results/$STAMP-shots" "${TARGETS[@]}")

REPORT_ARGS=(--command "$COMMAND" --results "$OUT" --jars "$JARS_DESC")
[ "$DOC" = yes ] && REPORT_ARGS+=(--doc "$VENTANA_ROOT/docs/benchmarks.md")
node "$BENCH_DIR/report.mjs" "${REPORT_ARGS[@]}"
