#!/usr/bin/env bash
# layer-size.sh [run dir]: what the same installation costs as an image version: x11-apps installed
# into the office system disk itself, as a maintenance guest would, with apt's cache and lists
# removed before the seal (docs/session-host.md, "Maintenance"); the qcow2 overlay's growth is the
# layer a seal would keep. Logs to <run>/layer.log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run=${1:-/tmp/pkgspike/layer}
rm -rf "$run"; mkdir -p "$run"; log=$run/layer.log
g() { printf '$ %s\n' "$1" >> "$log"; python3 "$here/host/console.py" "$run" "$1" 900 | tee -a "$log" || true; }
trap 'kill "$(cat "$run/qemu.pid" 2>/dev/null)" 2>/dev/null || true' EXIT
"$here/host/boot-office.sh" "$run" >/dev/null
n=0; until grep -q "office up after" "$run/console.log" 2>/dev/null; do sleep 1; n=$((n+1)); [ $n -lt 900 ] || exit 1; done
g 'sync; echo booted'
qemu-img info -U --output=json "$run/system.qcow2" | python3 -c 'import json,sys; print("overlay after boot:", json.load(sys.stdin)["actual-size"], "bytes")' | tee -a "$log"
g 'apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends x11-apps >/dev/null 2>&1; apt-get clean; rm -rf /var/lib/apt/lists/*; ls -l /usr/bin/xcalc; sync; fsfreeze -f / ; fsfreeze -u /; echo done'
qemu-img info -U --output=json "$run/system.qcow2" | python3 -c 'import json,sys; print("overlay after install:", json.load(sys.stdin)["actual-size"], "bytes")' | tee -a "$log"
