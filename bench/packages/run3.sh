#!/usr/bin/env bash
# run3.sh [run dir]: a larger GTK application, gnumeric, packaged and started as run.sh does with
# x11-apps: what its installation replaces of the base (GLib's schema cache, icon caches...), the
# package's size, and whether it starts in its view.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run=${1:-/tmp/pkgspike/run3}
rm -rf "$run"; mkdir -p "$run"; log=$run/spike3.log
g() { printf '$ %s\n' "$1" >> "$log"; python3 "$here/host/console.py" "$run" "$1" "${2:-900}" | tee -a "$log" || true; }
h() { printf 'host$ %s\n' "$*" >> "$log"; "$@" 2>&1 | tee -a "$log"; }
trap 'kill "$(cat "$run/qemu.pid" 2>/dev/null)" 2>/dev/null || true' EXIT
"$here/host/boot-office.sh" "$run" >/dev/null
n=0; until grep -q "office up after" "$run/console.log" 2>/dev/null; do sleep 1; n=$((n+1)); [ $n -lt 900 ] || exit 1; done
g 'mkdir -p /opt/spike /mnt/scratch && mount -o ro /dev/disk/by-id/virtio-spike-tools /opt/spike && mount /dev/disk/by-id/virtio-spike-scratch /mnt/scratch && export PATH=/opt/spike:$PATH; apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends squashfs-tools >/dev/null 2>&1; mksquashfs -version | head -1'
g 'time ventana-pkg-capture /mnt/scratch/gnumeric sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gnumeric >/tmp/apt.log 2>&1; tail -3 /tmp/apt.log"' 
g 'time ventana-pkg-seal /mnt/scratch/gnumeric /mnt/scratch/gnumeric.sqfs 2>&1 | grep -v "^  lib\|^  fonts\|^  gnumeric-\|^  libgoffice"; sync; umount /mnt/scratch && echo unmounted'
h debugfs -R "dump /gnumeric.sqfs $run/gnumeric.sqfs" "$run/scratch.raw"
h ls -l "$run/gnumeric.sqfs"
h python3 "$here/host/qmp.py" "$run" attach pkg-gnumeric "$run/gnumeric.sqfs" pkg-gnumeric
g 'until grep -qs pkg-gnumeric /sys/block/vd*/serial; do sleep 0.1; done; ventana-pkg-attach'
g 'export XAUTHORITY=/run/ventana/Xauthority; s=$(date +%s.%N); ventana-pkg-run gnumeric user env HOME=/home/user DISPLAY=:0 XAUTHORITY=/run/ventana/Xauthority gnumeric >/tmp/gnumeric.log 2>&1 & n=0; until DISPLAY=:0 icesh -c gnumeric list 2>/dev/null | grep -q . || [ $n -ge 1200 ]; do sleep 0.1; n=$((n+1)); done; e=$(date +%s.%N); DISPLAY=:0 icesh -c gnumeric list; echo "gnumeric window after $(awk -v s=$s -v e=$e "BEGIN{print e - s}") s"; sleep 10; cat /tmp/gnumeric.log | head -20'
h python3 "$here/host/qmp.py" "$run" screendump "$run/screen.ppm"
h python3 "$here/host/ppm2png.py" "$run/screen.ppm" "$run/screen.png"
echo "done: $log"
