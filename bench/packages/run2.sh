#!/usr/bin/env bash
# run2.sh <run dir of run.sh> [run dir]: the next logon. A new office guest with the data disk of
# run.sh's session (its per-user package layers) and the three package images on the cold boot's
# command line (not hot-plugged): the settings written in the first session are there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
first=$1 run=${2:-/tmp/pkgspike/run2}
rm -rf "$run"; mkdir -p "$run"; log=$run/spike2.log
g() { printf '$ %s\n' "$1" >> "$log"; python3 "$here/host/console.py" "$run" "$1" 900 | tee -a "$log" || true; }
trap 'kill "$(cat "$run/qemu.pid" 2>/dev/null)" 2>/dev/null || true' EXIT
t0=$(date +%s.%N)
DATA_RAW=$first/data.raw PACKAGES="$first/xapps.sqfs $first/demo1.sqfs $first/demo2.sqfs" "$here/host/boot-office.sh" "$run" >/dev/null
n=0; until grep -q "office up after" "$run/console.log" 2>/dev/null; do sleep 1; n=$((n+1)); [ $n -lt 900 ] || exit 1; done
echo "office session up $(echo "$(date +%s.%N) - $t0" | bc) s after QEMU started (packages on the command line)" | tee -a "$log"
g 'mkdir -p /opt/spike && mount -o ro /dev/disk/by-id/virtio-spike-tools /opt/spike && export PATH=/opt/spike:$PATH; grep -H . /sys/block/vd*/serial; time ventana-pkg-attach'
g 'ventana-pkg-run demo1 user ventana-demo; ventana-pkg-run demo2 user ventana-demo; ventana-pkg-run demo2 user cat /var/tmp/demo-setting; ventana-pkg-run demo1 user cat /var/tmp/demo-setting 2>&1; cat /home/user/.demo-pref; ls /etc/ventana-demo.conf /var/tmp/demo-setting 2>&1'
g 'export XAUTHORITY=/run/ventana/Xauthority; n=0; until xset -display :0 q >/dev/null 2>&1 || [ $n -ge 600 ]; do sleep 0.5; n=$((n+1)); done; s=$(date +%s.%N); ventana-pkg-run xapps user env HOME=/home/user DISPLAY=:0 XAUTHORITY=/run/ventana/Xauthority xcalc >/dev/null 2>&1 & n=0; until DISPLAY=:0 icesh -c xcalc list 2>/dev/null | grep -q . || [ $n -ge 600 ]; do sleep 0.1; n=$((n+1)); done; e=$(date +%s.%N); DISPLAY=:0 icesh -c xcalc list; echo "xcalc window after $(awk -v s=$s -v e=$e "BEGIN{print e - s}") s"'
g 'for i in 1 2 3; do time ventana-pkg-run demo2 user true; done 2>&1 | grep real'
echo "done: $log"
