#!/usr/bin/env bash
# Density benchmark (not a test): how many idle tiny sessions one machine holds with instant-on
# and page sharing, and what each costs.
#
#   bench/density/run.sh [--steps "25 50 100 150 200"] [--idle 30] [--window 30] [--min-free-mib 3072]
#
# Needs the packaged session host (./mvnw -B -o package -DskipTests -pl db,session-host) and
# builds the tiny image into build/images (VENTANA_IMAGES_DIR) if missing. Starts one unmanaged
# session host (no server, TCG) on a free port with a temporary directory, then:
#   1. launches u001 with instantOn+pageSharing: a cold boot that makes the 256 MiB / 1 vCPU
#      template in the background; waits for the host's "template ... made" line, stops u001;
#   2. launches clones u001, u002, ... one after another (a distinct user each, so a data disk
#      each), each waited for until RUNNING with restored=true; the restore time is POST to
#      RUNNING as seen by polling every 0.05 s;
#   3. at each step N: IDLE s of rest, then the sum and median of the guest QEMUs' PSS
#      (/proc/<pid>/smaps_rollup), MemAvailable, the load average, and the QEMUs' CPU over
#      WINDOW s (utime+stime from /proc/<pid>/stat, in % of one core), and the median restore
#      time of the clones added since the previous step.
# It stops early when MemAvailable falls below --min-free-mib, a restore fails or falls back to
# a cold boot, or a restore takes more than 20 s. One result line per step goes to stdout (a
# Markdown table); the host's log and the per-clone lines (clones.txt) stay in bench/density/results/<stamp>/.
# Every process started here (the host, and every QEMU under the temporary directory) is killed
# on exit.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/../../deploy/local/lib.sh"
cd "$VENTANA_ROOT"

STEPS="25 50 100 150 200" IDLE=30 WINDOW=30 MIN_FREE_MIB=3072
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --min-free-mib) MIN_FREE_MIB="$2"; shift 2 ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done

find_java
HOST_JAR=$(ls session-host/target/ventana-session-host-*.jar 2>/dev/null | head -1)
[ -n "$HOST_JAR" ] || die "package the session host first: ./mvnw -B -o package -DskipTests -pl db,session-host"
IMAGES_DIR="${VENTANA_IMAGES_DIR:-$VENTANA_ROOT/build/images}"
VENTANA_IMAGES_DIR="$IMAGES_DIR" deploy/images/tiny/build.sh >/dev/null || die "the tiny image did not build"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$BENCH_DIR/results/$STAMP"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/ventana-density.XXXXXX)
TOKEN="density-bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
API="http://127.0.0.1:$PORT/api/v1"
HOST_PID=

cleanup() {
  trap - INT TERM EXIT
  [ -n "$HOST_PID" ] && kill -KILL "$HOST_PID" 2>/dev/null || true
  for qpid in $(pgrep -f qemu-system || true); do
    if grep -q "$WORK" "/proc/$qpid/cmdline" 2>/dev/null; then kill -KILL "$qpid" 2>/dev/null || true; fi
  done
  sleep 1
  rm -rf "$WORK"
}
trap cleanup INT TERM EXIT

api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
now() { date +%s.%N; }
mem_avail_mib() { awk '/^MemAvailable:/ {print int($2/1024)}' /proc/meminfo; }
launch() { # user -> guest id
  api -X POST "$API/guests" -d "{\"user\":\"$1\",\"image\":\"tiny\",\"memoryMiB\":256,\"vcpus\":1,\"instantOn\":true,\"pageSharing\":true}" | jq -r .id
}

say "session host on port $PORT, work dir $WORK, results in $OUT"
mkdir -p "$WORK/run" "$WORK/data"
"$JAVA_HOME/bin/java" -Xmx512m -jar "$HOST_JAR" --server.port="$PORT" --ventana.host.farm-token="$TOKEN" \
  --ventana.host.images-dir="$IMAGES_DIR" --ventana.host.run-dir="$WORK/run" \
  --ventana.host.data-dir="$WORK/data" --ventana.host.accel=tcg >"$OUT/host.log" 2>&1 &
HOST_PID=$!
for _ in $(seq 120); do api "$API/guests" >/dev/null 2>&1 && break; sleep 0.5; done
api "$API/guests" >/dev/null || die "the session host did not start (see $OUT/host.log)"

say "u001: cold boot, making the template"
first=$(launch u001)
for _ in $(seq 600); do grep -q 'template .* made in' "$OUT/host.log" && break; sleep 0.5; done
grep 'template .* made in' "$OUT/host.log" >&2 || die "no template after 300 s (see $OUT/host.log)"
api -X DELETE "$API/guests/$first" >/dev/null
for _ in $(seq 120); do
  case "$(api "$API/guests/$first" | jq -r .state)" in STOPPED|FAILED) break ;; esac; sleep 0.5
done

HZ=$(getconf CLK_TCK)
pids=() restores=() n=0 stop_reason="all steps done"
cpu_ticks() { # sum of utime+stime of the given pids
  local t=0 pid f
  for pid in "$@"; do f=$(sed 's/.*) //' "/proc/$pid/stat"); set -- $f; t=$((t + ${12} + ${13})); done
  echo "$t"
}
echo "| N | PSS all QEMUs MiB | PSS per clone MiB (median, min-max) | MemAvailable MiB | load 1/5 min | QEMUs' CPU % of a core (all, per clone) | restore s (median, max) |"
echo "|---|---|---|---|---|---|---|"
for target in $STEPS; do
  step_times=()
  while [ "$n" -lt "$target" ]; do
    n=$((n + 1)); user=$(printf 'u%03d' "$n")
    t0=$(now); id=$(launch "$user"); state=
    while :; do
      g=$(api "$API/guests/$id" || echo '{}')
      state=$(jq -r .state <<<"$g")
      case "$state" in RUNNING|FAILED|STOPPED) break ;; esac
      if awk -v a="$(now)" -v b="$t0" 'BEGIN {exit !(a - b > 20)}'; then state=SLOW; break; fi
      sleep 0.05
    done
    t=$(awk -v a="$(now)" -v b="$t0" 'BEGIN {printf "%.2f", a - b}')
    echo "$user $id $state restored=$(jq -r .restored <<<"$g") ${t}s avail=$(mem_avail_mib)MiB" >>"$OUT/clones.txt"
    if [ "$state" != RUNNING ] || [ "$(jq -r .restored <<<"$g")" != true ]; then
      stop_reason="clone $n ($user): $state, restored=$(jq -r .restored <<<"$g") after ${t}s"; n=$((n - 1)); break 2
    fi
    pids+=("$(jq -r .pid <<<"$g")"); step_times+=("$t")
    if [ "$(mem_avail_mib)" -lt "$MIN_FREE_MIB" ]; then stop_reason="MemAvailable below $MIN_FREE_MIB MiB after $n clones"; break; fi
  done
  sleep "$IDLE"
  c0=$(cpu_ticks "${pids[@]}"); sleep "$WINDOW"; c1=$(cpu_ticks "${pids[@]}")
  pss=$(for pid in "${pids[@]}"; do awk '/^Pss:/ {print int($2/1024)}' "/proc/$pid/smaps_rollup"; done | sort -n)
  row=$(python3 - "$n" "$(mem_avail_mib)" "$(cut -d' ' -f1,2 /proc/loadavg)" "$(( (c1 - c0) * 100 ))" "$HZ" "$WINDOW" \
      "${step_times[*]:-}" "$(echo $pss)" <<'EOF'
import statistics as s, sys
n, avail, load, dticks, hz, window, times, pss = sys.argv[1:9]
pss = [int(x) for x in pss.split()]
cpu = int(dticks) / int(hz) / float(window)
t = [float(x) for x in times.split()]
rt = "%.2f, %.2f" % (s.median(t), max(t)) if t else "-"
print("| %s | %d | %d (%d-%d) | %s | %s | %.1f, %.2f | %s |" % (n, sum(pss), s.median(pss), min(pss), max(pss),
      avail, load.replace(" ", " / "), cpu, cpu / len(pss), rt))
EOF
)
  echo "$row" | tee -a "$OUT/table.md"
  [ "$stop_reason" = "all steps done" ] || break
done
say "stopped: $stop_reason"
echo "stopped: $stop_reason" >>"$OUT/table.md"
