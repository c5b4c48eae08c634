#!/usr/bin/env bash
# Display benchmark (not a test): Ventana's viewer vs noVNC on the same guest, for the tiny text
# console and the office desktop.
#
# Per image (one after the other, each in a farm of its own): starts a private all-in-one farm
# (the server and the session host from their packaged jars, a temporary data dir, the image as
# the default pool's), creates a user, launches the desktop, then drives the image's workloads
# (workloads.mjs) through the real viewer page (/viewer/viewer.html, signed in through /login)
# and through noVNC over websockify on the same guest's VNC unix socket, in headless Chromium,
# each through a counting TCP proxy (wireproxy.mjs). Writes the tables into docs/benchmarks.md
# (section "Display: Ventana vs noVNC") and the raw measurements into bench/display/results/.
#
#   bench/display/run.sh [--image tiny|office|both] [--rounds 3] [--chars 200] [--scrolls 3] [--idle 60]
#                        [--drags 3] [--picture-secs 10] [--echo-keys 30]
#                        [--rev GIT_REV | --build] [--no-doc] [--novnc-only]
#
# --rev builds the jars (`./mvnw -B -o -DskipTests package`) from a clean export of that commit
# in a temporary directory, so the numbers belong to a known commit whatever the working tree
# holds; --build runs `./mvnw -B -DskipTests package` in the working tree first; without
# either, the jars in the working tree's target/ directories are used (built if missing);
# --novnc-only boots the guest with QEMU by hand (as the session host would) and measures
# only noVNC, for when the farm does not run. VENTANA_SERVER_JAR and VENTANA_HOST_JAR point at
# other jars than the ones in server/target and session-host/target; VENTANA_BENCH_KEEP_LOGS=DIR keeps
# the server's and the session host's logs there; VENTANA_BENCH_IMAGES_DIR=DIR builds the images
# there instead of in the run's temporary directory (a second run then reuses them: the office
# image takes minutes to build). Every process started here is stopped on exit.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/../../deploy/local/lib.sh"
cd "$VENTANA_ROOT"

COMMAND="bench/display/run.sh${*:+ $*}"
ROUNDS=3 CHARS=200 IDLE=60 SCROLLS=3 DRAGS=3 PICTURE_SECS=10 ECHO_KEYS=30 BUILD=no DOC=yes NOVNC_ONLY=no REV="" IMAGES="tiny office"
SCROLL_CMD="ls -la /bin /sbin /lib"
while [ $# -gt 0 ]; do
  case "$1" in
    --image) case "$2" in tiny|office) IMAGES="$2" ;; both) IMAGES="tiny office" ;; *) die "--image tiny|office|both" ;; esac; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --chars) CHARS="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --scrolls) SCROLLS="$2"; shift 2 ;;
    --drags) DRAGS="$2"; shift 2 ;;
    --picture-secs) PICTURE_SECS="$2"; shift 2 ;;
    --echo-keys) ECHO_KEYS="$2"; shift 2 ;;
    --build) BUILD=yes; shift ;;
    --rev) REV="$2"; shift 2 ;;
    --no-doc) DOC=no; shift ;;
    --novnc-only) NOVNC_ONLY=yes; shift ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done

find_java
apt_install curl python3 qemu-system-x86 qemu-system-gui qemu-utils novnc websockify chromium
command -v node >/dev/null || die "node (v20 or newer) is needed to drive Chromium"
if [ ! -d "$BENCH_DIR/node_modules/playwright-core" ]; then
  say "installing playwright-core (npm; the browser is Debian's chromium)"
  (cd "$BENCH_DIR" && npm ci --no-audit --no-fund >&2)
fi

WORK="$(mktemp -d /tmp/ventana-bench-display.XXXXXX)"
pids=()
GUEST_PID_FILE=""
# Stops the farm (or the guest booted by hand) and websockify of one image: asks the server to
# end the session, then stops every process started for it.
stop_image() {
  if [ -n "${SESSION_ID:-}" ] && [ -n "${USER_TOKEN:-}" ]; then
    curl -fsS -X DELETE -H "Authorization: Bearer $USER_TOKEN" \
      "http://127.0.0.1:$SERVER_PORT/api/v1/sessions/$SESSION_ID" >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do
      agent guests 2>/dev/null | grep -qE '"state":"(STARTING|RUNNING|STOPPING)"' || break
      sleep 1
    done
  fi
  SESSION_ID="" USER_TOKEN=""
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    local alive=no
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=yes; done
    [ "$alive" = no ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  # A QEMU the session host did not stop in time (or the one booted by hand).
  for f in "$GUEST_PID_FILE" "$WORK"/*/run/*/qemu.pid; do
    [ -n "$f" ] && [ -s "$f" ] || continue
    local qpid; qpid=$(cat "$f")
    if grep -q "$WORK" "/proc/$qpid/cmdline" 2>/dev/null; then kill -TERM "$qpid" 2>/dev/null || true; fi
  done
  pids=() GUEST_PID_FILE=""
  sleep 1
}
cleanup() {
  local rc=$?
  trap - INT TERM EXIT
  say "stopping everything this benchmark started"
  stop_image
  wait 2>/dev/null || true
  if [ -n "${VENTANA_BENCH_KEEP_LOGS:-}" ]; then
    mkdir -p "$VENTANA_BENCH_KEEP_LOGS" && for d in "$WORK"/*/; do
      for f in "$d"*.log; do [ -f "$f" ] && cp "$f" "$VENTANA_BENCH_KEEP_LOGS/$(basename "$d")-$(basename "$f")"; done
    done
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
agent() { curl -fsS -H "Authorization: Bearer $FARM_TOKEN" "http://127.0.0.1:$HOST_PORT/api/v1/$1" "${@:2}"; }
api() { curl -fsS -H 'Content-Type: application/json' "${@:2}" "http://127.0.0.1:$SERVER_PORT/api/v1/$1"; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }
# The JVM's pid for a `setsid java` started in the background ($! is java itself unless setsid forked).
java_pid() {
  local pid=$1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = java ] && { echo "$pid"; return; }
  pgrep -P "$pid" -x java | head -n 1
}

IMAGES_DIR="${VENTANA_BENCH_IMAGES_DIR:-$WORK/images}"
declare -A IMAGE_DIRS
for image in $IMAGES; do
  say "$image image (in $IMAGES_DIR; downloads cached in build/images/.cache)"
  IMAGE_DIRS[$image]=$(VENTANA_IMAGES_DIR="$IMAGES_DIR" VENTANA_IMAGES_CACHE="$VENTANA_ROOT/build/images/.cache" \
    nice -n 10 "deploy/images/$image/build.sh") || die "the $image image did not build"
done

mkdir -p "$BENCH_DIR/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$BENCH_DIR/results/$STAMP.json"
if [ "$NOVNC_ONLY" = no ]; then
  cp "$SERVER_JAR" "$WORK/server.jar"; cp "$HOST_JAR" "$WORK/host.jar" # a rebuild during the run changes nothing
fi

# Boots IMAGE's guest: through a private farm (SESSION_ID, USER_TOKEN, the JVMs' pids), or by
# hand with --novnc-only. Sets VNC_SOCK, QMP_SOCK, QEMU_PID and TARGETS.
start_guest() {
  local image=$1 dir="$WORK/$1" image_dir="${IMAGE_DIRS[$1]}"
  mkdir -p "$dir"
  SERVER_PORT=$(free_port) HOST_PORT=$(free_port)
  FARM_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
  ADMIN_PASSWORD="bench-admin-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
  USER_NAME=bench USER_PASSWORD="bench-user-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
  JVM_PIDS=""
  if [ "$NOVNC_ONLY" = yes ]; then
    say "$image: booting the guest with QEMU by hand (the session host's command line, TCG)"
    qemu-img create -q -f qcow2 -b "$image_dir/base.qcow2" -F qcow2 "$dir/system.qcow2"
    VNC_SOCK="$dir/vnc.sock" QMP_SOCK="$dir/bench-qmp.sock" GUEST_PID_FILE="$dir/qemu.pid"
    qemu-system-x86_64 -accel tcg -m 512M -smp 1 -nodefaults -vga std \
      -kernel "$image_dir/vmlinuz" -initrd "$image_dir/initrd.gz" -append "$(cat "$image_dir/cmdline")" \
      -drive "file=$dir/system.qcow2,format=qcow2,if=virtio,id=system" -device virtio-tablet-pci \
      -display none -vnc "unix:$VNC_SOCK" -qmp "unix:$QMP_SOCK,server=on,wait=off" \
      -pidfile "$GUEST_PID_FILE" > "$dir/qemu.log" 2>&1 &
    pids+=($!)
    QEMU_PID=$!
    for _ in $(seq 1 50); do [ -S "$VNC_SOCK" ] && break; sleep 0.2; done
    TARGETS=()
    return
  fi
  # The server first, then the host: a host's first heartbeat (its images) arriving while the
  # server's start-up makes the default pool deadlocked the two in PostgreSQL once (server log:
  # "deadlock detected ... relation images"), and the server did not start.
  say "$image: starting the server on 127.0.0.1:$SERVER_PORT (log: $dir/server.log)"
  VENTANA_DATA_DIR="$dir/server-data" VENTANA_FARM_TOKEN="$FARM_TOKEN" VENTANA_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$WORK/server.jar" --server.address=127.0.0.1 --server.port="$SERVER_PORT" \
    --ventana.hosts.local-url="http://127.0.0.1:$HOST_PORT" --ventana.default-pool.image="$image" \
    > "$dir/server.log" 2>&1 &
  pids+=($!)
  local server_pid=$!
  for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
  curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null \
    || { tail -n 30 "$dir/server.log" >&2; die "the server did not start"; }
  say "$image: starting the session host on 127.0.0.1:$HOST_PORT (log: $dir/host.log)"
  # No instant-on: no template boots in the background to take CPU from the measured guest. The
  # qemu wrapper adds a second QMP monitor for guest-echo.mjs.
  setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$WORK/host.jar" --server.address=127.0.0.1 --server.port="$HOST_PORT" \
    --ventana.host.farm-token="$FARM_TOKEN" --ventana.host.images-dir="$IMAGES_DIR" \
    --ventana.host.run-dir="$dir/run" --ventana.host.data-dir="$dir/host-data" \
    --ventana.host.server-url="http://127.0.0.1:$SERVER_PORT" --ventana.host.name=local \
    --ventana.host.url="http://127.0.0.1:$HOST_PORT" --ventana.host.instant-on=false \
    --ventana.host.qemu-binary="$BENCH_DIR/qemu-bench-wrapper.sh" \
    > "$dir/host.log" 2>&1 &
  pids+=($!)
  local host_pid=$!
  for _ in $(seq 1 90); do agent images >/dev/null 2>&1 && break; sleep 1; done
  agent images >/dev/null 2>&1 || { tail -n 30 "$dir/host.log" >&2; die "the session host did not start"; }
  JVM_PIDS="$(java_pid "$server_pid"),$(java_pid "$host_pid")"

  say "$image: creating the user '$USER_NAME' and launching the desktop"
  local admin_token state=""
  admin_token=$(api auth/token -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | json 'd["token"]')
  api admin/users -H "Authorization: Bearer $admin_token" \
    -d "{\"username\":\"$USER_NAME\",\"displayName\":\"Benchmark\",\"password\":\"$USER_PASSWORD\",\"roles\":[\"USER\"]}" >/dev/null
  # Both viewers watch one desktop at one size: Ventana's viewer would otherwise resize it to its
  # window (the pool's resize), and noVNC would then see another desktop than it did.
  for _ in $(seq 1 60); do
    api admin/pools/desktop -X PATCH -H "Authorization: Bearer $admin_token" -d '{"resize":false}' >/dev/null 2>&1 && break
    sleep 2 # the default pool is made once the host's images are known
  done
  USER_TOKEN=$(api auth/token -d "{\"username\":\"$USER_NAME\",\"password\":\"$USER_PASSWORD\"}" | json 'd["token"]')
  SESSION_ID=""
  for _ in $(seq 1 60); do
    SESSION_ID=$(api desktops/desktop/sessions -X POST -H "Authorization: Bearer $USER_TOKEN" 2>/dev/null | json 'd["id"]' 2>/dev/null) && break
    sleep 2 # the default pool is published once the host's images are known
  done
  [ -n "$SESSION_ID" ] || die "could not launch the desktop"
  for _ in $(seq 1 300); do
    state=$(api "sessions/$SESSION_ID" -H "Authorization: Bearer $USER_TOKEN" | json 'd["state"]')
    [ "$state" = RUNNING ] && break
    case "$state" in FAILED|STOPPED) die "the desktop session ended: $state";; esac
    sleep 1
  done
  [ "$state" = RUNNING ] || die "the desktop did not reach RUNNING (state $state)"
  local guest
  guest=$(agent guests | json '[g for g in d if g["state"] == "RUNNING"][0]["paths"]')
  VNC_SOCK=$(echo "$guest" | python3 -c 'import ast,sys; print(ast.literal_eval(sys.stdin.read())["vncSocket"])')
  VNC_SOCK="${VNC_SOCK#file://}" # a Path in JSON may come as a file: URI
  [ -S "$VNC_SOCK" ] || die "no VNC socket at $VNC_SOCK"
  QMP_SOCK="$(dirname "$VNC_SOCK")/bench-qmp.sock"
  QEMU_PID=$(cat "$(dirname "$VNC_SOCK")/qemu.pid")
  TARGETS=(--ventana "http://127.0.0.1:$SERVER_PORT,$USER_NAME,$USER_PASSWORD,$SESSION_ID")
}

for image in $IMAGES; do
  start_guest "$image"
  WS_PORT=$(free_port)
  say "$image: websockify 127.0.0.1:$WS_PORT -> $VNC_SOCK (noVNC from /usr/share/novnc)"
  websockify --web /usr/share/novnc --unix-target="$VNC_SOCK" "127.0.0.1:$WS_PORT" > "$WORK/$image/websockify.log" 2>&1 &
  pids+=($!)
  WS_PID=$!
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$WS_PORT/vnc_lite.html" >/dev/null 2>&1 && break; sleep 0.2; done
  TARGETS+=(--novnc "http://127.0.0.1:$WS_PORT/vnc_lite.html?host=127.0.0.1&port=$WS_PORT")
  EXTRA=()
  if [ "$image" = office ]; then
    # The picture workload needs feh in the image (and the picture it shows); the image's
    # manifest lists the packages it was built with.
    if python3 -c 'import json,sys; sys.exit(0 if "feh" in json.load(open(sys.argv[1])).get("inputs", {}) else 1)' \
        "${IMAGE_DIRS[$image]}/manifest.json"; then
      EXTRA+=(--picture "$PICTURE_SECS")
    else
      say "office: no feh in the image: the picture workload is skipped"
    fi
  fi
  say "$image: $ROUNDS rounds (raw results: $OUT)"
  (cd "$BENCH_DIR" && node bench.mjs --out "$OUT" --image "$image" --rounds "$ROUNDS" --chars "$CHARS" --idle "$IDLE" \
    --scrolls "$SCROLLS" --scroll-cmd "$SCROLL_CMD" --drags "$DRAGS" --echo-keys "$ECHO_KEYS" \
    --shots "$BENCH_DIR/results/$STAMP-shots" --pids-ventana "$JVM_PIDS" --pid-qemu "$QEMU_PID" \
    --pid-websockify "$WS_PID" --qmp "$QMP_SOCK" "${EXTRA[@]}" "${TARGETS[@]}")
  say "$image: done; stopping its guest and farm"
  stop_image
done

REPORT_ARGS=(--command "$COMMAND" --results "$OUT" --jars "$JARS_DESC")
[ "$DOC" = yes ] && REPORT_ARGS+=(--doc "$VENTANA_ROOT/docs/benchmarks.md")
node "$BENCH_DIR/report.mjs" "${REPORT_ARGS[@]}"
