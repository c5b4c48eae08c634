#!/usr/bin/env bash
# Key to screen update in the session host, over QEMU's D-Bus display and over its VNC server, on
# one guest (see docs/benchmarks.md, "Key echo in the host: D-Bus display vs VNC").
# Usage: bench/key-echo.sh [--image office] [--keys 160] [--blocks 8]
# Builds the image first if missing (deploy/images/<image>/build.sh).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    [ -x "$j/bin/java" ] && { export JAVA_HOME="$j"; break; }
  done
fi
[ -n "${JAVA_HOME:-}" ] || { echo "need a JDK >= 21 (set JAVA_HOME)" >&2; exit 1; }
IMAGE=office
for ((i = 1; i <= $#; i++)); do [ "${!i}" = "--image" ] && { j=$((i + 1)); IMAGE="${!j}"; }; done
IMAGES="${VENTANA_IMAGES_DIR:-$REPO/build/images}"
VENTANA_IMAGES_DIR="$IMAGES" "deploy/images/$IMAGE/build.sh" >/dev/null
./mvnw -B -f session-host/pom.xml test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
cd session-host
exec "$JAVA_HOME/bin/java" -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.ventana.host.bench.KeyEchoBenchmark --images "$IMAGES" "$@"
