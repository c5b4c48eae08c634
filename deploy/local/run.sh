#!/usr/bin/env bash
# Builds what is missing and starts the all-in-one farm on this machine: the server (with its
# embedded PostgreSQL), one session host and the default golden image. A part that dies is
# started again (as systemd's Restart=on-failure would); Ctrl-C stops it all.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$VENTANA_ROOT"
find_java

PORT="${SERVER_PORT:-8080}"
HOST_PORT="${VENTANA_HOST_PORT:-8091}"
export VENTANA_DATA_DIR="${VENTANA_DATA_DIR:-$VENTANA_ROOT/data}"
export VENTANA_IMAGES_DIR="${VENTANA_IMAGES_DIR:-$VENTANA_ROOT/build/images}"
IMAGE="${VENTANA_DEFAULT_IMAGE:-office}"
SERVER_JAR="server/target/ventana-server-0.1.0-SNAPSHOT.jar"
HOST_JAR="session-host/target/ventana-session-host-0.1.0-SNAPSHOT.jar"

apt_install curl qemu-system-x86 qemu-utils

newer_sources() {
  [ -f "$SERVER_JAR" ] && [ -f "$HOST_JAR" ] || return 0
  [ -n "$(find pom.xml db server web-client session-host -newer "$SERVER_JAR" -type f \
          -not -path '*/target/*' -not -path '*/node_modules/*' 2>/dev/null | head -n 1)" ]
}

if newer_sources; then
  say "building (the first build downloads dependencies and takes a few minutes)"
  ./mvnw -B -DskipTests package 2>&1 | grep -E '^\[(INFO|ERROR)\] (Building |BUILD|Total time)|ERROR' \
    || true
  [ -f "$SERVER_JAR" ] && [ -f "$HOST_JAR" ] && ! newer_sources \
    || die "the build failed; run './mvnw -B -DskipTests package' to see why."
fi

say "golden image '$IMAGE' (built once, then cached)"
"deploy/images/$IMAGE/build.sh" || die "the '$IMAGE' image did not build; see the lines above."

mkdir -p "$VENTANA_DATA_DIR"
VENTANA_DATA_DIR="$(cd "$VENTANA_DATA_DIR" && pwd)"
TOKEN_FILE="$VENTANA_DATA_DIR/farm-token"
if [ ! -s "$TOKEN_FILE" ]; then
  (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$TOKEN_FILE")
fi
export VENTANA_FARM_TOKEN; VENTANA_FARM_TOKEN="$(cat "$TOKEN_FILE")"

agent() { curl -fsS -H "Authorization: Bearer $VENTANA_FARM_TOKEN" "http://127.0.0.1:$HOST_PORT/api/v1/$1" "${@:2}"; }

HOST_PID=""
SERVER_PID=""
stopping=no
stop_all() {
  trap - INT TERM EXIT
  stopping=yes
  say "stopping: logging off the desktops (users' data disks are kept)"
  for id in $(agent guests 2>/dev/null | grep -o '"id":"[^"]*"' | cut -d'"' -f4); do
    agent "guests/$id" -X DELETE >/dev/null 2>&1 || true
  done
  for _ in $(seq 1 30); do
    agent guests 2>/dev/null | grep -qE '"state":"(STARTING|RUNNING|STOPPING)"' || break
    sleep 1
  done
  for pid in $SERVER_PID $HOST_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  stop_orphaned_postgres
  say "stopped"
}

# A server that was killed and not started again (we gave up, or are stopping meanwhile) left
# its embedded PostgreSQL running: stop it as the next server would (fast shutdown, SIGINT).
stop_orphaned_postgres() {
  local pid_file="$VENTANA_DATA_DIR/postgres/postmaster.pid" pid
  [ -f "$pid_file" ] || return 0
  pid=$(head -n 1 "$pid_file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-D $VENTANA_DATA_DIR/postgres " || return 0
  say "stopping the PostgreSQL that the killed server left running"
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

# Each part runs in its own process group (setsid): Ctrl-C reaches only this script, which logs
# the desktops off first. setsid execs java in place, so $! is the java process itself.
start_host() {
  setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$HOST_JAR" --server.address=127.0.0.1 --server.port="$HOST_PORT" \
    --ventana.host.farm-token="$VENTANA_FARM_TOKEN" \
    --ventana.host.images-dir="$VENTANA_IMAGES_DIR" \
    --ventana.host.run-dir="$VENTANA_DATA_DIR/host/run" \
    --ventana.host.data-dir="$VENTANA_DATA_DIR/host/data" &
  HOST_PID=$!
}

start_server() {
  setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$SERVER_JAR" --server.port="$PORT" \
    --ventana.hosts.local-url="http://127.0.0.1:$HOST_PORT" \
    --ventana.default-pool.image="$IMAGE" &
  SERVER_PID=$!
}

# Like systemd's Restart=on-failure with RestartSec=2, StartLimitBurst=5, StartLimitIntervalSec=60:
# a part that exits while we are not stopping is started again with the same arguments; the
# other part and the guests run on (the host re-adopts its guests, the server its database).
RESTART_DELAY=2
RESTART_BURST=5
RESTART_WINDOW=60
declare -A restarts=([host]="" [server]="")
restart() { # part ("host" or "server"), its name for people, exit status
  local part=$1 name=$2 status=$3 now recent=() t
  now=$(date +%s)
  for t in ${restarts[$part]}; do
    if (( now - t < RESTART_WINDOW )); then recent+=("$t"); fi
  done
  if (( ${#recent[@]} >= RESTART_BURST )); then
    die "the $name stopped $((RESTART_BURST + 1)) times within $RESTART_WINDOW s (last exit $status); giving up. See its last lines above (a port in use, the data directory, a full disk?)."
  fi
  restarts[$part]="${recent[*]} $now"
  say "the $name stopped unexpectedly (exit $status); restarting it"
  sleep "$RESTART_DELAY"
  "start_$part"
}

supervise() {
  local died status
  while true; do
    status=0
    wait -n -p died "$SERVER_PID" "$HOST_PID" || status=$?
    [ "$stopping" = no ] || return 0
    if [ "${died:-}" = "$SERVER_PID" ]; then
      restart server server "$status"
    elif [ "${died:-}" = "$HOST_PID" ]; then
      restart host "session host" "$status"
    fi
  done
}

say "starting the session host on 127.0.0.1:$HOST_PORT"
start_host
for _ in $(seq 1 60); do agent images >/dev/null 2>&1 && break; sleep 1; done
agent images >/dev/null 2>&1 || die "the session host did not start; see the lines above."

say "starting the server (data in $VENTANA_DATA_DIR)"
start_server

for _ in $(seq 1 120); do
  if curl -fs "http://localhost:$PORT/actuator/health" >/dev/null 2>&1; then
    cat >&2 <<MSG

  Ventana is running:  http://localhost:$PORT
  Sign in as 'admin' with the password printed above on the first start
  (or the one in VENTANA_ADMIN_PASSWORD), then open "Desktop". Ctrl-C stops everything.
  A part that stops unexpectedly is started again; the desktops run on meanwhile.

MSG
    supervise
    exit 0
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server did not start; see the lines above."
  sleep 1
done
die "the server did not answer on port $PORT within 120 s"
