#!/usr/bin/env bash
# Builds what is missing and starts the all-in-one farm on this machine: the server (with its
# embedded PostgreSQL), one session host (VENTANA_LOCAL_HOSTS=N: N of them, sharing the users'
# data directory) and the default golden image. A part that dies is started again (as systemd's
# Restart=on-failure would); Ctrl-C stops it all.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$VENTANA_ROOT"
find_java

PORT="${SERVER_PORT:-8080}"
HOST_PORT="${VENTANA_HOST_PORT:-8091}"
LOCAL_HOSTS="${VENTANA_LOCAL_HOSTS:-1}"
[[ "$LOCAL_HOSTS" =~ ^[1-9][0-9]?$ ]] || die "VENTANA_LOCAL_HOSTS must be a number from 1 to 99, not '$LOCAL_HOSTS'."
export VENTANA_DATA_DIR="${VENTANA_DATA_DIR:-$VENTANA_ROOT/data}"
export VENTANA_IMAGES_DIR="${VENTANA_IMAGES_DIR:-$VENTANA_ROOT/build/images}"
export VENTANA_PACKAGES_DIR="${VENTANA_PACKAGES_DIR:-$VENTANA_ROOT/build/packages}"
IMAGE="${VENTANA_DEFAULT_IMAGE:-office}"
SERVER_JAR="server/target/ventana-server-0.1.0-SNAPSHOT.jar"
HOST_JAR="session-host/target/ventana-session-host-0.1.0-SNAPSHOT.jar"

apt_install curl qemu-system-x86 qemu-system-gui qemu-utils squashfs-tools

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

# Host i (1..N): port HOST_PORT+i-1, name "local" for the first and "local-i" after, its own run
# directory; all share the users' data directory, as hosts on an NFS export would.
host_port() { echo $((HOST_PORT + $1 - 1)); }
host_name() { if [ "$1" -eq 1 ]; then echo local; else echo "local-$1"; fi; }
host_run_dir() { if [ "$1" -eq 1 ]; then echo "$VENTANA_DATA_DIR/host/run"; else echo "$VENTANA_DATA_DIR/host/run-$1"; fi; }
agent() { # host index, path, curl arguments...
  curl -fsS -H "Authorization: Bearer $VENTANA_FARM_TOKEN" "http://127.0.0.1:$(host_port "$1")/api/v1/$2" "${@:3}"
}

# Several hosts on one machine share its memory: each offers its part unless told otherwise.
if [ -z "${VENTANA_HOST_CAPACITY_MIB:-}" ] && [ "$LOCAL_HOSTS" -gt 1 ]; then
  VENTANA_HOST_CAPACITY_MIB=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 / LOCAL_HOSTS ))
fi
export VENTANA_HOST_CAPACITY_MIB="${VENTANA_HOST_CAPACITY_MIB:-0}"

declare -A HOST_PIDS=()
SERVER_PID=""
stopping=no
stop_all() {
  trap - INT TERM EXIT
  stopping=yes
  say "stopping: logging off the desktops (users' data disks are kept)"
  local i id
  for i in $(seq 1 "$LOCAL_HOSTS"); do
    for id in $(agent "$i" guests 2>/dev/null | grep -o '"id":"[^"]*"' | cut -d'"' -f4); do
      agent "$i" "guests/$id" -X DELETE >/dev/null 2>&1 || true
    done
  done
  for _ in $(seq 1 30); do
    local busy=no
    for i in $(seq 1 "$LOCAL_HOSTS"); do
      agent "$i" guests 2>/dev/null | grep -qE '"state":"(STARTING|RUNNING|STOPPING)"' && busy=yes
    done
    [ "$busy" = yes ] || break
    sleep 1
  done
  for pid in $SERVER_PID "${HOST_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
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
start_host() { # host index
  local port; port=$(host_port "$1")
  setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$HOST_JAR" --server.address=127.0.0.1 --server.port="$port" \
    --ventana.host.farm-token="$VENTANA_FARM_TOKEN" \
    --ventana.host.server-url="http://127.0.0.1:$PORT" \
    --ventana.host.name="$(host_name "$1")" \
    --ventana.host.url="http://127.0.0.1:$port" \
    --ventana.host.images-dir="$VENTANA_IMAGES_DIR" \
    --ventana.host.packages-dir="$VENTANA_PACKAGES_DIR" \
    --ventana.host.run-dir="$(host_run_dir "$1")" \
    --ventana.host.data-dir="$VENTANA_DATA_DIR/host/data" &
  HOST_PIDS[$1]=$!
}

start_server() {
  setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$SERVER_JAR" --server.port="$PORT" \
    --ventana.default-pool.image="$IMAGE" &
  SERVER_PID=$!
}

# Like systemd's Restart=on-failure with RestartSec=2, StartLimitBurst=5, StartLimitIntervalSec=60:
# a part that exits while we are not stopping is started again with the same arguments; the
# other part and the guests run on (the host re-adopts its guests, the server its database).
RESTART_DELAY=2
RESTART_BURST=5
RESTART_WINDOW=60
declare -A restarts=()
restart() { # part ("server" or "host N"), its name for people, exit status
  local part=$1 name=$2 status=$3 now recent=() t
  now=$(date +%s)
  for t in ${restarts[$part]:-}; do
    if (( now - t < RESTART_WINDOW )); then recent+=("$t"); fi
  done
  if (( ${#recent[@]} >= RESTART_BURST )); then
    die "the $name stopped $((RESTART_BURST + 1)) times within $RESTART_WINDOW s (last exit $status); giving up. See its last lines above (a port in use, the data directory, a full disk?)."
  fi
  restarts[$part]="${recent[*]} $now"
  say "the $name stopped unexpectedly (exit $status); restarting it"
  sleep "$RESTART_DELAY"
  # shellcheck disable=SC2086 # "host 2" is the function and its argument
  start_$part
}

supervise() {
  local died status
  while true; do
    status=0
    wait -n -p died "$SERVER_PID" "${HOST_PIDS[@]}" || status=$?
    [ "$stopping" = no ] || return 0
    if [ "${died:-}" = "$SERVER_PID" ]; then
      restart server server "$status"
      continue
    fi
    for i in "${!HOST_PIDS[@]}"; do
      if [ "${died:-}" = "${HOST_PIDS[$i]}" ]; then
        restart "host $i" "session host $(host_name "$i")" "$status"
      fi
    done
  done
}

for i in $(seq 1 "$LOCAL_HOSTS"); do
  say "starting session host $(host_name "$i") on 127.0.0.1:$(host_port "$i")"
  start_host "$i"
done
for i in $(seq 1 "$LOCAL_HOSTS"); do
  for _ in $(seq 1 60); do agent "$i" images >/dev/null 2>&1 && break; sleep 1; done
  agent "$i" images >/dev/null 2>&1 || die "session host $(host_name "$i") did not start; see the lines above."
done

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
