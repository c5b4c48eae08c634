#!/usr/bin/env bash
# Launch benchmark (not a test): the portal's Launch click to the desktop shown in the viewer,
# cold boot vs instant-on, for the tiny and the office image, in headless Chromium.
#
#   bench/launch/run.sh [--rounds 5] [--images "tiny office"] [--page-sharing] [--packages N]
#   bench/launch/run.sh --after-publish [--rounds 5] [--images tiny]
#
# Starts a private all-in-one farm on free ports (the server and one session host from the
# packaged jars in server/target and session-host/target, a temporary data dir, the images in
# build/images, built if missing), makes one pool and one user per image (the user sees only
# that pool's Launch button), then per image:
#   1. instantOn=true: one warm-up launch (a cold boot: the first instant-on launch of a shape
#      makes its template in the background), which also records what the desktop looks like
#      (bench/launch/launch.mjs --warmup); wait for the host's "template ... made" log line;
#   2. instant-on: ROUNDS launches (each restores from the template);
#   3. instantOn=false: ROUNDS cold-boot launches.
# With --packages N, steps 2 and 3 run again with N application packages in the pool (small demo
# packages made by deploy/packages/make.sh and uploaded): what attaching packages adds to a launch
# (a hot-plug into a restored clone, a disk on a cold boot's command line, the mounts in the guest).
# With --after-publish, steps 2 and 3 are replaced by the first launch of a newly published version
# (the host on a private images directory that holds only the built version): per round, a copy
# of the built version under a manifest of its own is uploaded and published, then either launched
# at once (the host must fetch it from the server and boot it cold: no template yet), or launched
# once the farm has prepared it (broker.FarmPrefetch put it on the host, which made its template).
# Every round signs in afresh, clicks Launch, waits until the viewer's canvas shows the desktop,
# then ends the session and waits until the host has no guest. Raw results and screenshots go to
# bench/launch/results/<stamp>/, with the host's and server's logs. Every process started here
# is stopped on exit.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/../../deploy/local/lib.sh"
cd "$VENTANA_ROOT"

COMMAND="bench/launch/run.sh${*:+ $*}"
ROUNDS=5 IMAGES="tiny office" SHARING=false PACKAGES=0 AFTER_PUBLISH=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --images) IMAGES="$2"; shift 2 ;;
    --page-sharing) SHARING=true; shift ;;
    --packages) PACKAGES="$2"; shift 2 ;;
    --after-publish) AFTER_PUBLISH=true; shift ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done

find_java
command -v node >/dev/null || die "node is needed to drive Chromium"
[ -x /usr/bin/chromium ] || die "Debian's chromium is needed (apt-get install chromium)"
if [ ! -d "$BENCH_DIR/node_modules/playwright-core" ]; then
  (cd "$BENCH_DIR" && npm ci --no-audit --no-fund >&2)
fi

SERVER_JAR=server/target/ventana-server-0.1.0-SNAPSHOT.jar
HOST_JAR=session-host/target/ventana-session-host-0.1.0-SNAPSHOT.jar
[ -f "$SERVER_JAR" ] && [ -f "$HOST_JAR" ] || die "package the jars first: ./mvnw -B -o package -DskipTests -pl db,session-host,server,web-client"
IMAGES_DIR="${VENTANA_IMAGES_DIR:-$VENTANA_ROOT/build/images}"
for image in $IMAGES; do
  VENTANA_IMAGES_DIR="$IMAGES_DIR" "deploy/images/$image/build.sh" >/dev/null || die "the $image image did not build"
done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$BENCH_DIR/results/$STAMP"
mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/ventana-bench-launch.XXXXXX)"
pids=()
cleanup() {
  local rc=$?
  trap - INT TERM EXIT
  say "stopping everything this benchmark started"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    local alive=no
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=yes; done
    [ "$alive" = no ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for f in "$WORK"/run/*/qemu.pid "$WORK"/run/*/*/qemu.pid; do
    [ -s "$f" ] || continue
    local qpid; qpid=$(cat "$f")
    if grep -q "$WORK" "/proc/$qpid/cmdline" 2>/dev/null; then kill -TERM "$qpid" 2>/dev/null || true; fi
  done
  cp "$WORK"/*.log "$OUT"/ 2>/dev/null || true
  for d in "$WORK"/run/g-*/; do # each guest's serial console, for a launch that went wrong
    [ -f "$d/console.log" ] && mkdir -p "$OUT/guests" && cp "$d/console.log" "$OUT/guests/$(basename "$d").log"
  done
  rm -rf "$WORK"
  exit $rc
}
trap cleanup INT TERM EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SERVER_PORT=$(free_port) HOST_PORT=$(free_port)
FARM_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
ADMIN_PASSWORD="bench-admin-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
USER_PASSWORD="bench-user-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')"
BASE="http://127.0.0.1:$SERVER_PORT"
agent() { curl -fsS -H "Authorization: Bearer $FARM_TOKEN" "http://127.0.0.1:$HOST_PORT/api/v1/$1" "${@:2}"; }
api() { curl -fsS -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_TOKEN" "${@:2}" "$BASE/api/v1/$1"; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }

cp "$SERVER_JAR" "$WORK/server.jar"; cp "$HOST_JAR" "$WORK/host.jar"
HOST_IMAGES="$IMAGES_DIR"
if $AFTER_PUBLISH; then
  # Versions fetched by the host land here, not among the build's.
  HOST_IMAGES="$WORK/images"
  for image in $IMAGES; do
    built=$(basename "$(readlink -f "$IMAGES_DIR/$image/current")")
    mkdir -p "$HOST_IMAGES/$image"
    cp -al "$IMAGES_DIR/$image/$built" "$HOST_IMAGES/$image/"
    ln -s "$built" "$HOST_IMAGES/$image/current"
  done
fi
say "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/load.txt"
say "starting the session host on 127.0.0.1:$HOST_PORT and the server on 127.0.0.1:$SERVER_PORT (logs in $WORK)"
setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$WORK/host.jar" --server.address=127.0.0.1 --server.port="$HOST_PORT" \
  --ventana.host.farm-token="$FARM_TOKEN" --ventana.host.images-dir="$HOST_IMAGES" \
  --ventana.host.server-url="$BASE" --ventana.host.name=local --ventana.host.url="http://127.0.0.1:$HOST_PORT" \
  --ventana.host.run-dir="$WORK/run" --ventana.host.data-dir="$WORK/host-data" \
  --ventana.host.packages-dir="$WORK/host-packages" \
  > "$WORK/host.log" 2>&1 &
pids+=($!)
VENTANA_DATA_DIR="$WORK/server-data" VENTANA_FARM_TOKEN="$FARM_TOKEN" VENTANA_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  setsid java "${VENTANA_JVM_OPTS[@]}" -jar "$WORK/server.jar" --server.address=127.0.0.1 --server.port="$SERVER_PORT" \
  --ventana.hosts.local-url="http://127.0.0.1:$HOST_PORT" --ventana.default-pool.image=tiny \
  > "$WORK/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 90); do agent images >/dev/null 2>&1 && break; sleep 1; done
agent images >/dev/null 2>&1 || { tail -n 30 "$WORK/host.log" >&2; die "the session host did not start"; }
for _ in $(seq 1 180); do curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "$BASE/actuator/health" >/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "the server did not start"; }
ADMIN_TOKEN=$(curl -fsS -H 'Content-Type: application/json' "$BASE/api/v1/auth/token" \
  -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | json 'd["token"]')

# The default pool (open to all users) would put a second Launch button on the page.
for _ in $(seq 1 30); do api admin/pools/desktop -X PATCH -d '{"enabled":false}' >/dev/null 2>&1 && break; sleep 1; done

for image in $IMAGES; do
  pool="bench-$image" user="bench-$image"
  # The version just built (build/images/<image>/current), not whichever the farm calls newest.
  version=$(basename "$(readlink -f "$IMAGES_DIR/$image/current")")
  for _ in $(seq 1 60); do
    api admin/pools -d "{\"name\":\"$pool\",\"image\":\"$image\",\"version\":\"$version\",\"memoryMiB\":512,\"vcpus\":1,\"instantOn\":true,\"pageSharing\":$SHARING}" \
      >/dev/null 2>&1 && break
    sleep 2 # the server learns the host's images from its heartbeat
  done
  api admin/users -d "{\"username\":\"$user\",\"displayName\":\"Bench $image\",\"password\":\"$USER_PASSWORD\",\"roles\":[\"USER\"]}" >/dev/null
  api "admin/pools/$pool/entitlements" -d "{\"user\":\"$user\"}" >/dev/null
  api admin/pools | json "[p for p in d if p['name'] == '$pool'][0]" > "$OUT/pool-$image.json"
done

node_args() { # image
  echo --base "$BASE" --user "bench-$1" --password "$USER_PASSWORD" --image "$1" \
    --agent "http://127.0.0.1:$HOST_PORT,$FARM_TOKEN" --ref "$OUT/ref-$1.json" --shots "$OUT"
}

# N demo packages made for the image, uploaded; prints the pool's packages as JSON.
make_packages() { # image
  local list="" i tree id
  for i in $(seq 1 "$PACKAGES"); do
    tree="$WORK/pkg-$1-$i"
    mkdir -p "$tree/usr/bin" "$tree/etc"
    echo "bench package $i" > "$tree/etc/bench-$i.conf"
    printf '#!/bin/sh\ncat /etc/bench-%s.conf\n' "$i" > "$tree/usr/bin/bench-$i"
    chmod 0755 "$tree/usr/bin/bench-$i"
    deploy/packages/make.sh --name "bench-$1-$i" --from "$tree" --made-for "$1" --app "bench-$1-$i|Bench $i|application|bench-$i" \
      --out "$WORK/packages" --bundle "$tree.tar.gz" >/dev/null
    id=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/gzip' \
      --data-binary "@$tree.tar.gz" "$BASE/api/v1/admin/packages/bench-$1-$i/versions" | json 'd["version"]')
    list="$list${list:+,}{\"name\":\"bench-$1-$i\",\"version\":\"$id\"}"
  done
  echo "{\"packages\":[$list]}"
}

# A copy of the built version under a manifest of its own (a new id), uploaded; prints its id.
upload_copy() { # image label
  local built dir
  built=$(basename "$(readlink -f "$IMAGES_DIR/$1/current")")
  dir="$WORK/copy-$1-$2"
  mkdir -p "$dir"
  for f in "$IMAGES_DIR/$1/$built"/*; do [ "$(basename "$f")" = manifest.json ] || ln "$f" "$dir/"; done
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m["title"]=sys.argv[2]; json.dump(m, open(sys.argv[3], "w"))' \
    "$IMAGES_DIR/$1/$built/manifest.json" "bench $2" "$dir/manifest.json"
  tar -C "$dir" -cf "$dir.tar" .
  curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/x-tar' --data-binary "@$dir.tar" \
    "$BASE/api/v1/admin/images/$1/versions" | json 'd["version"]'
}

# Per round: a new version launched right after its publish, and another once the farm prepared it.
after_publish() { # image
  local r id t0
  for r in $(seq 1 "$ROUNDS"); do
    id=$(upload_copy "$1" "first-$r")
    api "admin/pools/bench-$1/version" -X PUT -d "{\"version\":\"$id\"}" >/dev/null
    say "$1: round $r, $id launched right after its publish"
    # shellcheck disable=SC2046
    node "$BENCH_DIR/launch.mjs" $(node_args "$1") --rounds 1 --label "first-$r" --out "$OUT/$1-first-$r.json"
    id=$(upload_copy "$1" "prepared-$r")
    t0=$(date +%s.%N)
    api "admin/pools/bench-$1/version" -X PUT -d "{\"version\":\"$id\"}" >/dev/null
    for _ in $(seq 1 300); do
      grep -q "template [0-9a-f]* of $1/$id made in" "$WORK/host.log" && break
      sleep 1
    done
    grep -q "template [0-9a-f]* of $1/$id made in" "$WORK/host.log" || die "the host made no template of $1/$id in 300 s"
    echo "$id $(python3 -c "import sys,time; print(round(time.time() - float(sys.argv[1]), 1))" "$t0")" >> "$OUT/$1-prepared-seconds.txt"
    say "$1: round $r, $id prepared on the host (fetched, template made): launching it"
    sleep 2
    # shellcheck disable=SC2046
    node "$BENCH_DIR/launch.mjs" $(node_args "$1") --rounds 1 --label "prepared-$r" --out "$OUT/$1-prepared-$r.json"
  done
  for label in first prepared; do
    python3 -c 'import json,sys; rs=[json.load(open(f))["results"][0] for f in sys.argv[3:]]; json.dump({"image": sys.argv[1], "label": sys.argv[2], "results": rs}, sys.stdout, indent=2)' \
      "$1" "$label" $(ls "$OUT/$1-$label"-*.json | sort -V) > "$OUT/$1-$label.json"
  done
}

for image in $IMAGES; do
  # A template is made when the server's heartbeat names the pool's (often before any launch), or
  # requested by an instant-on launch of its shape; a first attempt that fails is retried at the
  # next launch, so warm up again (at most 3 times) until the host has made one.
  for attempt in 1 2 3; do
    say "$image: warm-up launch $attempt (a cold boot that makes the template in the background)"
    # shellcheck disable=SC2046
    failures_before=$(grep -c "template .* could not be made" "$WORK/host.log" || true)
    node "$BENCH_DIR/launch.mjs" $(node_args "$image") --warmup
    for _ in $(seq 1 150); do
      grep -q "template [0-9a-f]* of $image/.* made in" "$WORK/host.log" && break 2
      [ "$(grep -c "template .* could not be made" "$WORK/host.log" || true)" -gt "$failures_before" ] && break
      sleep 1
    done
  done
  grep "template [0-9a-f]* of $image/.* made in" "$WORK/host.log" | tail -n 1 || die "no template of $image was made"
  sleep 5
  if $AFTER_PUBLISH; then
    after_publish "$image"
    continue
  fi
  say "$image: instant-on, $ROUNDS rounds"
  # shellcheck disable=SC2046
  node "$BENCH_DIR/launch.mjs" $(node_args "$image") --rounds "$ROUNDS" --label instant --out "$OUT/$image-instant.json"
  api "admin/pools/bench-$image" -X PATCH -d '{"instantOn":false}' >/dev/null
  say "$image: cold boot, $ROUNDS rounds"
  # shellcheck disable=SC2046
  node "$BENCH_DIR/launch.mjs" $(node_args "$image") --rounds "$ROUNDS" --label cold --out "$OUT/$image-cold.json"
  if [ "$PACKAGES" -gt 0 ]; then
    api "admin/pools/bench-$image/packages" -X PUT -d "$(make_packages "$image")" > "$OUT/packages-$image.json"
    api "admin/pools/bench-$image" -X PATCH -d '{"instantOn":true}' >/dev/null
    say "$image: instant-on with $PACKAGES packages, $ROUNDS rounds"
    # shellcheck disable=SC2046
    node "$BENCH_DIR/launch.mjs" $(node_args "$image") --rounds "$ROUNDS" --label instant-pkg --out "$OUT/$image-instant-pkg.json"
    api "admin/pools/bench-$image" -X PATCH -d '{"instantOn":false}' >/dev/null
    say "$image: cold boot with $PACKAGES packages, $ROUNDS rounds"
    # shellcheck disable=SC2046
    node "$BENCH_DIR/launch.mjs" $(node_args "$image") --rounds "$ROUNDS" --label cold-pkg --out "$OUT/$image-cold-pkg.json"
  fi
done

echo "end $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$COMMAND" > "$OUT/command.txt"
git rev-parse HEAD > "$OUT/commit.txt"
say "results in $OUT"
