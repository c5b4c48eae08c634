#!/usr/bin/env bash
# Runs the whole instant-on spike on the tiny image (and, with --office, the office image) and
# keeps every script's output in build/instant-on/results/<script>.txt.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="$REPO/build/instant-on/results"; mkdir -p "$OUT"
export VENTANA_IMAGES_DIR="${VENTANA_IMAGES_DIR:-$REPO/build/images}"
"$REPO/deploy/images/tiny/build.sh" >/dev/null
"$HERE/variant.sh" | tee "$OUT/variant.txt"
run() { local n=$1; shift; echo "== $n: $*"; python3 "$HERE/$@" 2>&1 | tee "$OUT/$n.txt"; }
run restore-shared restore.py --mode shared --burst 8
run restore-private restore.py --mode private --burst 8
run restore-cold restore.py --mode cold --clones 1,4
run features features.py --mode shared
run disk-chain disk_chain.py
run density density.py
if [ "${1:-}" = --office ]; then
  "$REPO/deploy/images/office/build.sh" >/dev/null
  run office-private office.py --mode private
  run office-shared office.py --mode shared
fi
