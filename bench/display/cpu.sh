#!/usr/bin/env bash
# CPU per viewer (not a test): what the server, the session host and QEMU spend while one viewer
# watches the idle office desktop, and while it types into the xterm; noVNC over websockify on
# the same guest for comparison. Reads utime+stime from /proc/<pid>/stat (CPU-seconds, which a
# loaded machine disturbs less than wall time).
#
#   bench/display/cpu.sh [--rounds 3] [--idle 30] [--chars 200] [--warm 0] [--novnc] [--jfr DIR]
#                        [--shadows K] [--variant LABEL=SERVER_JAR,HOST_JAR[,JVM_OPTIONS] ...]
#
# One private farm (temporary data and run directories, random ports and farm token, the office
# image from VENTANA_IMAGES_DIR, default build/images, only read: build it first with
# deploy/images/office/build.sh) and one office desktop. Each --variant restarts the server and
# the session host from its jars on the same data (the host re-adopts the running guest), so all
# variants watch the same guest, with VENTANA_JVM_OPTS (deploy/local/lib.sh) or the variant's own
# JVM options; without one, the jars in server/target and session-host/target. Per variant: 30 s
# with no viewer (what the JVMs cost anyway), then the rounds through Ventana's viewer page.
# --warm SECONDS waits that much longer after each start before measuring: the JIT compiles for
# minutes after a start, and idle figures without it are mostly the compiler's.
# --shadows K: after the rounds, K admin shadows of the session join the user's viewer and the
# rounds run again: the cost of each further viewer (cpu.mjs).
# --novnc adds the rounds through noVNC (vnc_lite.html) over websockify. --jfr DIR records one
# more idle and typing round per variant with JFR (settings=profile) into DIR. Raw results:
# bench/display/results/cpu-<time>.jsonl (medians: node bench/display/cpu-report.mjs FILE;
# findings in bench/display/cpu.md). Every process started here is stopped on exit.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/../../deploy/local/lib.sh"
cd "$VENTANA_ROOT"

ROUNDS=3 IDLE=30 CHARS=200 WARM=0 NOVNC=no JFR_DIR="" SHADOWS=0 VARIANTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --chars) CHARS="$2"; shift 2 ;;
    --warm) WARM="$2"; shift 2 ;;
    --novnc) NOVNC=yes; shift ;;
    --shadows) SHADOWS="$2"; shift 2 ;;
    --jfr) JFR_DIR="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --variant) VARIANTS+=("$2"); shift 2 ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=("working-tree=server/target/ventana-server-0.1.0-SNAPSHOT.jar,session-host/target/ventana-session-host-0.1.0-SNAPSHOT.jar")
IMAGES="${VENTANA_IMAGES_DIR:-$VENTANA_ROOT/build/images}"

find_java
[ "$NOVNC" = yes ] && apt_install novnc websockify
if [ ! -d "$BENCH_DIR/node_modules/playwright-core" ]; then
  say "installing playwright-core (npm; the browser is Debian's chromium)"
  (cd "$BENCH_DIR" && npm ci --no-audit --no-fund >&2)
fi

WORK="$(mktemp -d /tmp/ventana-bench-cpu.XXXXXX)"
SERVER_PID="" HOST_PID="" WS_PID=""
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
  for pid in $WS_PID $SERVER_PID $HOST_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 3
  for pid in $WS_PID $SERVER_PID $HOST_PID; do kill -KILL "$pid" 2>/dev/null || true; done
  for f in "$WORK"/run/*/qemu.pid "$WORK"/templates/*/qemu.pid "$WORK"/run/*/*/qemu.pid; do
    [ -s "$f" ] || continue
    local qpid; qpid=$(cat "$f")
    if grep -q "$WORK" "/proc/$qpid/cmdline" 2>/dev/null; then kill -TERM "$qpid" 2>/dev/null || true; fi
  done
  # A QEMU whose pid file we did not find: any with our work directory on its command line.
  for qpid in $(pgrep -f "qemu-system-x86_64.*$WORK" || true); do kill -TERM "$qpid" 2>/dev/null || true; done
  sleep 1
  rm -rf "$WORK"
  exit $rc
}
trap cleanup INT TERM EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SERVER_PORT=$(free_port) HOST_PORT=$(free_port) WS_PORT=$(free_port)
FARM_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
ADMIN_PASSWORD="bench-admin-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
USER_NAME=bench USER_PASSWORD="bench-user-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
agent() { curl -fsS -H "Authorization: Bearer $FARM_TOKEN" "http://127.0.0.1:$HOST_PORT/api/v1/$1" "${@:2}"; }
api() { curl -fsS -H 'Content-Type: application/json' "${@:2}" "http://127.0.0.1:$SERVER_PORT/api/v1/$1"; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }
cpu_of() { awk '{ sub(/.*\) /, ""); split($0, f, " "); printf "%.2f", (f[12] + f[13]) / 100 }' "/proc/$1/stat"; }

start_jvms() { # label server.jar host.jar [JVM options instead of VENTANA_JVM_OPTS]
  cp "$2" "$WORK/server-$1.jar"; cp "$3" "$WORK/host-$1.jar"
  local opts=("${VENTANA_JVM_OPTS[@]}")
  # shellcheck disable=SC2206 # options are words
  [ -n "${4:-}" ] && opts=($4)
  say "$1: starting the session host and the server (${opts[*]})"
  setsid java "${opts[@]}" -jar "$WORK/host-$1.jar" --server.address=127.0.0.1 --server.port="$HOST_PORT" \
    --ventana.host.farm-token="$FARM_TOKEN" --ventana.host.images-dir="$IMAGES" \
    --ventana.host.run-dir="$WORK/run" --ventana.host.data-dir="$WORK/host-data" \
    --ventana.host.server-url="http://127.0.0.1:$SERVER_PORT" --ventana.host.name=local \
    --ventana.host.url="http://127.0.0.1:$HOST_PORT" \
    >> "$WORK/host.log" 2>&1 &
  HOST_PID=$!
  VENTANA_DATA_DIR="$WORK/server-data" VENTANA_FARM_TOKEN="$FARM_TOKEN" VENTANA_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    setsid java "${opts[@]}" -jar "$WORK/server-$1.jar" --server.address=127.0.0.1 --server.port="$SERVER_PORT" \
    --ventana.default-pool.image=office \
    >> "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do agent images >/dev/null 2>&1 && break; sleep 1; done
  agent images >/dev/null 2>&1 || { tail -n 30 "$WORK/host.log" >&2; die "the session host did not start"; }
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
  curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "the server did not start"; }
}

stop_jvms() {
  kill -TERM "$SERVER_PID" "$HOST_PID" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || kill -0 "$HOST_PID" 2>/dev/null || break; sleep 1; done
  kill -KILL "$SERVER_PID" "$HOST_PID" 2>/dev/null || true
}

wait_running() {
  for _ in $(seq 1 600); do
    STATE=$(api "sessions/$SESSION_ID" -H "Authorization: Bearer $USER_TOKEN" 2>/dev/null | json 'd["state"]' 2>/dev/null || echo "?")
    [ "$STATE" = RUNNING ] && return 0
    case "$STATE" in FAILED|STOPPED) die "the desktop session ended: $STATE";; esac
    sleep 1
  done
  die "the desktop did not reach RUNNING (state $STATE)"
}

OUT="$BENCH_DIR/results/cpu-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
mkdir -p "$BENCH_DIR/results"
first=yes
for v in "${VARIANTS[@]}"; do
  label="${v%%=*}" jars="${v#*=}" jvm_opts=""
  if [[ "$jars" == *,*,* ]]; then jvm_opts="${jars#*,*,}" jars="${jars%,"$jvm_opts"}"; fi
  if [ "$first" = yes ]; then
    start_jvms "$label" "${jars%%,*}" "${jars#*,}" "$jvm_opts"
    say "creating the user and launching the office desktop"
    ADMIN_TOKEN=$(api auth/token -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | json 'd["token"]')
    api admin/users -H "Authorization: Bearer $ADMIN_TOKEN" \
      -d "{\"username\":\"$USER_NAME\",\"displayName\":\"Benchmark\",\"password\":\"$USER_PASSWORD\",\"roles\":[\"USER\"]}" >/dev/null
    # One desktop at one size all through: the viewer would otherwise resize it to its window (the
    # pool's resize) on its first connection, and the first round would time that, not the typing.
    for _ in $(seq 1 60); do
      api admin/pools/desktop -X PATCH -H "Authorization: Bearer $ADMIN_TOKEN" -d '{"resize":false}' >/dev/null 2>&1 && break
      sleep 2 # the default pool is made once the host's images are known
    done
    USER_TOKEN=$(api auth/token -d "{\"username\":\"$USER_NAME\",\"password\":\"$USER_PASSWORD\"}" | json 'd["token"]')
    SESSION_ID=""
    for _ in $(seq 1 120); do
      SESSION_ID=$(api desktops/desktop/sessions -X POST -H "Authorization: Bearer $USER_TOKEN" 2>/dev/null | json 'd["id"]' 2>/dev/null) && break
      sleep 2
    done
    [ -n "$SESSION_ID" ] || die "could not launch the desktop"
    wait_running
    say "desktop running; letting the guest settle (60 s)"
    sleep 60
    first=no
  else
    say "$label: restarting the server and the session host on the same guest"
    stop_jvms
    start_jvms "$label" "${jars%%,*}" "${jars#*,}" "$jvm_opts"
    wait_running
    sleep 20
  fi
  if [ "$WARM" -gt 0 ]; then say "$label: warming up for $WARM s"; sleep "$WARM"; fi
  QEMU_PID=$(agent guests | json '[g for g in d if g["state"] == "RUNNING"][0]["pid"]')
  say "$label: server $SERVER_PID, host $HOST_PID, QEMU $QEMU_PID; $IDLE s with no viewer"
  s0=$(cpu_of "$SERVER_PID") h0=$(cpu_of "$HOST_PID") q0=$(cpu_of "$QEMU_PID")
  sleep "$IDLE"
  s1=$(cpu_of "$SERVER_PID") h1=$(cpu_of "$HOST_PID") q1=$(cpu_of "$QEMU_PID")
  printf '{"variant":"%s","viewer":"none","workload":"idle","round":1,"cpu":{"server":%.2f,"host":%.2f,"qemu":%.2f},"loadavg":"%s"}\n' \
    "$label" "$(echo "$s1 - $s0" | bc)" "$(echo "$h1 - $h0" | bc)" "$(echo "$q1 - $q0" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
  JFR_ARGS=()
  if [ -n "$JFR_DIR" ]; then
    mkdir -p "$JFR_DIR/$label"
    JFR_ARGS=(--jfr "server=$SERVER_PID:$JFR_DIR/$label" --jfr "host=$HOST_PID:$JFR_DIR/$label")
  fi
  say "$label: $ROUNDS rounds through Ventana's viewer"
  (cd "$BENCH_DIR" && JCMD="$JAVA_HOME/bin/jcmd" CPU_SHOTS="$WORK" node cpu.mjs --viewer ventana --base "http://127.0.0.1:$SERVER_PORT" \
    --user "$USER_NAME" --password "$USER_PASSWORD" --session "$SESSION_ID" --rounds "$ROUNDS" --idle "$IDLE" --chars "$CHARS" \
    --pid "server=$SERVER_PID" --pid "host=$HOST_PID" --pid "qemu=$QEMU_PID" "${JFR_ARGS[@]}" \
    --shadows "$SHADOWS" --admin-password "$ADMIN_PASSWORD") \
    | sed "s/^{/{\"variant\":\"$label\",/" | tee -a "$OUT"
done

if [ "$NOVNC" = yes ]; then
  VNC_SOCK=$(agent guests | json '[g for g in d if g["state"] == "RUNNING"][0]["paths"]["vncSocket"]')
  VNC_SOCK="${VNC_SOCK#file://}"
  websockify --web /usr/share/novnc --unix-target="$VNC_SOCK" "127.0.0.1:$WS_PORT" > "$WORK/websockify.log" 2>&1 &
  WS_PID=$!
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$WS_PORT/vnc_lite.html" >/dev/null 2>&1 && break; sleep 0.2; done
  say "noVNC: $ROUNDS rounds through websockify $WS_PID"
  (cd "$BENCH_DIR" && CPU_SHOTS="$WORK" node cpu.mjs --viewer novnc --url "http://127.0.0.1:$WS_PORT/vnc_lite.html?host=127.0.0.1&port=$WS_PORT" \
    --rounds "$ROUNDS" --idle "$IDLE" --chars "$CHARS" --pid "websockify=$WS_PID+" --pid "qemu=$QEMU_PID" \
    --pid "server=$SERVER_PID" --pid "host=$HOST_PID") \
    | sed 's/^{/{"variant":"novnc",/' | tee -a "$OUT"
fi
say "raw results: $OUT"
