#!/usr/bin/env bash
# Farm benchmark (not a test): how many launch requests one server handles (placement and
# bookkeeping, with session hosts that do not really boot), and the server's CPU per heartbeat.
#
#   bench/farm/run.sh [--hosts 10] [--users 200] [--clients 8] [--rounds 3] [--window 30] [--no-doc]
#
# Starts the packaged server jar (built if missing) on a temporary data directory, then runs
# FarmBench.java against it: fake hosts (one HTTP server answering the agent API of all of them)
# register by heartbeat; each round every user launches once, with --clients at a time; the
# baseline in the same round is one GET /api/v1/me per user. Then the server's CPU time
# and its embedded PostgreSQL (/proc/<pid>/stat) over --window seconds without heartbeats and over --window seconds with
# every host beating every 3 s, the last round's sessions running on them. Writes the section
# "Farm" of docs/benchmarks.md and bench/farm/results/<date>.json.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/../../deploy/local/lib.sh"
cd "$VENTANA_ROOT"

COMMAND="bench/farm/run.sh${*:+ $*}"
HOSTS=10 USERS=200 CLIENTS=8 ROUNDS=3 WINDOW=30 DOC=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) HOSTS="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --no-doc) DOC=no; shift ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done
find_java
apt_install curl python3

SERVER_JAR="${VENTANA_SERVER_JAR:-server/target/ventana-server-0.1.0-SNAPSHOT.jar}"
if [ ! -f "$SERVER_JAR" ]; then
  say "building the jars: ./mvnw -B -DskipTests package"
  ./mvnw -B -DskipTests package >/dev/null || die "the build failed; run './mvnw -B -DskipTests package' to see why"
fi
WORK="$(mktemp -d /tmp/ventana-bench-farm.XXXXXX)"
SERVER_PID=""
cleanup() {
  local rc=$?
  trap - INT TERM EXIT
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup INT TERM EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
ADMIN_PASSWORD="bench-admin-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
say "starting the server on 127.0.0.1:$PORT (data in $WORK)"
# Hosts never go DOWN here: the CPU window without heartbeats must not turn into LOST sessions.
VENTANA_DATA_DIR="$WORK/data" VENTANA_FARM_TOKEN="$TOKEN" VENTANA_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  java "${VENTANA_JVM_OPTS[@]}" -jar "$SERVER_JAR" --server.port="$PORT" --ventana.default-pool.image=bench \
  --ventana.hosts.down-after=1h > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "the server did not start"; }
  sleep 1
done

RESULT=$(java "$BENCH_DIR/FarmBench.java" --port "$PORT" --token "$TOKEN" --server-pid "$SERVER_PID" \
  --admin-password "$ADMIN_PASSWORD" --hosts "$HOSTS" --users "$USERS" --clients "$CLIENTS" --rounds "$ROUNDS" \
  --window "$WINDOW") || { tail -n 30 "$WORK/server.log" >&2; die "the benchmark failed"; }
mkdir -p "$BENCH_DIR/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
echo "$RESULT" > "$BENCH_DIR/results/$STAMP.json"
say "raw results: bench/farm/results/$STAMP.json"

python3 - "$BENCH_DIR/results/$STAMP.json" "$COMMAND" "$(git rev-parse --short HEAD)" "$DOC" <<'PY'
import json, statistics, sys, re, pathlib
r = json.load(open(sys.argv[1])); command, rev, doc = sys.argv[2], sys.argv[3], sys.argv[4] == "yes"
me, launch = statistics.median(r["meRates"]), statistics.median(r["launchRates"])
beat_share = r["cpuMsPerHeartbeat"] / 3000 * 100
section = f"""## Farm: launches and heartbeats

Measured with `{command}` at commit {rev}: one server (the packaged jar, embedded PostgreSQL,
ZGC) on this 2-core machine, {r["hosts"]} fake session hosts that answer the agent API at once
(nothing boots: this is the server's placement and bookkeeping), {r["users"]} users,
{r["clients"]} requests at a time, {r["rounds"]} rounds; medians of the rounds.

| measure | result |
|---|---|
| launch requests per second (new session placed on a host) | {launch:.0f}/s (rounds: {", ".join(f"{x:.0f}" for x in r["launchRates"])}) |
| baseline in the same rounds: `GET /api/v1/me` per second | {me:.0f}/s |
| launch throughput / baseline | x{launch / me:.2f} |
| launch latency p50 / p95 | {r["launchP50Ms"]:.0f} ms / {r["launchP95Ms"]:.0f} ms |
| server CPU per heartbeat, JVM and its PostgreSQL ({r["guestsPerHost"]:.0f} guests per host) | {r["cpuMsPerHeartbeat"]:.2f} ms ({r["heartbeats"]} heartbeats in {r["windowS"]} s, less the same window without) |
| one host's cost at one heartbeat every 3 s | {beat_share:.3f} % of one core |
| heartbeat round trip p50 | {r["heartbeatP50Ms"]:.1f} ms |

Launches are serialized by the placement lock (one transaction per launch chooses the host and
reserves its memory), so this is the rate of one farm, whatever the number of servers. The
heartbeat cost grows with the hosts and the guests each reports, not with anything the server
polls.
"""
if doc:
    p = pathlib.Path("docs/benchmarks.md"); text = p.read_text()
    pattern = re.compile(r"## Farm: launches and heartbeats\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(section.rstrip("\n"), text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    p.write_text(text)
print(section)
PY
