#!/usr/bin/env bash
# What an image update costs (see docs/benchmarks.md, "Image updates"): the time to seal a
# maintenance guest's change into a new version, and the bytes a host copies to receive that
# version when it holds the parent, against a host that holds nothing (which receives the
# parent too: the version in full).
# Usage: bench/image-update.sh [--images tiny,office] [--tiny-runs 3] [--office-runs 3]
# Builds the images first if missing (deploy/images/<image>/build.sh). The office runs need
# outbound network to deb.debian.org (apt-get in the guest, through QEMU's user NAT).
# Runs dev.ventana.host.bench.ImageUpdateBenchmark (session-host test sources) through Maven;
# prints its `image-update` lines and keeps the whole log in session-host/target/image-update.log.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    [ -x "$j/bin/java" ] && { export JAVA_HOME="$j"; break; }
  done
fi
[ -n "${JAVA_HOME:-}" ] || { echo "need a JDK >= 21 (set JAVA_HOME)" >&2; exit 1; }
IMAGES_LIST=tiny,office TINY_RUNS=3 OFFICE_RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --images) IMAGES_LIST="$2"; shift 2 ;;
    --tiny-runs) TINY_RUNS="$2"; shift 2 ;;
    --office-runs) OFFICE_RUNS="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
IMAGES="${VENTANA_IMAGES_DIR:-$REPO/build/images}"
# The benchmark needs tiny's images directory layout (TinyImages) whatever it measures.
for image in tiny ${IMAGES_LIST//,/ }; do
  [ -e "$IMAGES/$image/current/manifest.json" ] || VENTANA_IMAGES_DIR="$IMAGES" "deploy/images/$image/build.sh" >/dev/null
done
LOG=session-host/target/image-update.log
mkdir -p session-host/target
# db first: the session host's build reads it from ~/.m2, which other worktrees share.
./mvnw -B -o install -pl db -DskipTests >&2
status=0
./mvnw -B -o test -pl db,session-host -Dtest=ImageUpdateBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dventana.bench.image-update=true -Dventana.images.dir="$IMAGES" -Dventana.bench.images="$IMAGES_LIST" \
  -Dventana.bench.tiny-runs="$TINY_RUNS" -Dventana.bench.office-runs="$OFFICE_RUNS" > "$LOG" 2>&1 || status=$?
grep -E '^image-update' "$LOG" || true
if [ "$status" -ne 0 ]; then
  grep -E 'Tests run:|FAIL|ERROR' "$LOG" | head -20 >&2
  echo "the benchmark failed (exit $status); the whole log is in $LOG" >&2
fi
exit "$status"
