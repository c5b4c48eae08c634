#!/usr/bin/env bash
# run.sh [run dir]: the whole spike in one office guest (docs/packages-design.md, "What the spike
# ran"): boot, capture three installations (x11-apps from Debian; two versions of a demo package
# that install the same files), seal them into squashfs package images, take them out of the
# scratch disk, hot-plug them read-only into the running guest, and run the isolation checks.
# Everything it types and reads is logged to <run>/spike.log. Needs the network (deb.debian.org).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run=${1:-/tmp/pkgspike/run}
log=$run/spike.log
rm -rf "$run"; mkdir -p "$run"
step() { printf '\n### %s\n' "$*" | tee -a "$log"; }
g() { # one command in the guest's root shell
  printf '$ %s\n' "$1" >> "$log"
  python3 "$here/host/console.py" "$run" "$1" "${2:-900}" | tee -a "$log" || true
}
h() { printf 'host$ %s\n' "$*" >> "$log"; "$@" 2>&1 | tee -a "$log"; }
trap 'kill "$(cat "$run/qemu.pid" 2>/dev/null)" 2>/dev/null || true' EXIT

step "boot (cold, TCG, nice 15)"
t0=$(date +%s.%N)
"$here/host/boot-office.sh" "$run" >/dev/null
n=0; until grep -q "office up after" "$run/console.log" 2>/dev/null; do sleep 1; n=$((n+1)); [ $n -lt 900 ] || { echo "no session after 900 s" | tee -a "$log"; exit 1; }; done
echo "office session up $(echo "$(date +%s.%N) - $t0" | bc) s after QEMU started" | tee -a "$log"
g 'export XAUTHORITY=/run/ventana/Xauthority; n=0; until xset -display :0 q >/dev/null 2>&1 || [ $n -ge 600 ]; do sleep 0.5; n=$((n+1)); done; xset -display :0 q >/dev/null && echo X up'

step "tools, scratch, facts"
g 'mkdir -p /opt/spike /mnt/scratch && mount -o ro /dev/disk/by-id/virtio-spike-tools /opt/spike && mount /dev/disk/by-id/virtio-spike-scratch /mnt/scratch && export PATH=/opt/spike:$PATH; uname -r; cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null; unshare --version; command -v bwrap mksquashfs; /lib64/ld-linux-x86-64.so.2 --list-diagnostics | grep system_dirs; findmnt -n -o SOURCE,FSTYPE /home/user; free -m | head -2'

step "squashfs-tools into the throwaway system disk (outside any capture)"
g 'apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends squashfs-tools >/dev/null 2>&1; mksquashfs -version | head -1'

step "capture: apt-get install x11-apps"
g 'time ventana-pkg-capture /mnt/scratch/xapps sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends x11-apps" 2>&1 | tail -4'
g 'ls /usr/bin/xcalc 2>&1; dpkg -l x11-apps 2>&1 | tail -1'

step "capture: two versions of ventana-demo"
g 'demo-deb.sh 1 /tmp/debs && demo-deb.sh 2 /tmp/debs && time ventana-pkg-capture /mnt/scratch/demo1 dpkg -i /tmp/debs/ventana-demo_1_all.deb && ventana-pkg-capture /mnt/scratch/demo2 dpkg -i /tmp/debs/ventana-demo_2_all.deb; ls /etc/ventana-demo.conf 2>&1'

step "seal"
g 'mkdir -p /mnt/scratch/out; for p in xapps demo1 demo2; do echo "== $p"; time ventana-pkg-seal /mnt/scratch/$p /mnt/scratch/out/$p.sqfs; done 2>&1'
g 'u=/mnt/scratch/xapps/upper; k=$(du -sk $u | cut -f1); rm -f /mnt/scratch/xapps.ext4; truncate -s $((k * 13 / 10 + 8192))K /mnt/scratch/xapps.ext4; mke2fs -q -t ext4 -O ^has_journal -d $u /mnt/scratch/xapps.ext4 && resize2fs -M /mnt/scratch/xapps.ext4 >/dev/null 2>&1; echo "the same as ext4 (no journal, shrunk): $(stat -c %s /mnt/scratch/xapps.ext4) bytes; squashfs: $(stat -c %s /mnt/scratch/out/xapps.sqfs) bytes; files: $k KiB"'
g 'sync; umount /mnt/scratch && echo unmounted'
for p in xapps demo1 demo2; do
  h debugfs -R "dump /out/$p.sqfs $run/$p.sqfs" "$run/scratch.raw"
done
h ls -l "$run"/*.sqfs "$(readlink -f /work/main/build/images/office/current)/base.qcow2"
h sha256sum "$run"/*.sqfs

step "attach: hot-plug read-only, as a restore plugs the data disk"
g '(t0=$(cut -d" " -f1 /proc/uptime); for p in xapps demo1 demo2; do until grep -qs "pkg-$p" /sys/block/vd*/serial; do sleep 0.02; done; echo "$p seen $(cut -d" " -f1 /proc/uptime) (waiting since $t0)"; done > /tmp/hotplug.times) >/dev/null 2>&1 & echo waiting'
for p in xapps demo1 demo2; do
  h python3 "$here/host/qmp.py" "$run" attach "pkg-$p" "$run/$p.sqfs" "pkg-$p"
done
g 'until [ "$(wc -l < /tmp/hotplug.times)" = 3 ]; do sleep 0.1; done; cat /tmp/hotplug.times; grep -H . /sys/block/vd*/serial'
g 'time ventana-pkg-attach'

step "each package sees its own files"
g 'ventana-pkg-run demo1 user ventana-demo; ventana-pkg-run demo2 user ventana-demo; ventana-demo 2>&1; cat /etc/ventana-demo.conf 2>&1'
g 'ventana-pkg-run demo1 user sh -c "sleep 3; ventana-demo" & ventana-pkg-run demo2 user sh -c "sleep 3; ventana-demo"; wait'
g 'ventana-pkg-run demo1 user sh -c "ls /usr/bin/xcalc; ls -A /run/ventana/packages; ls /home/user/.packages" 2>&1'
g 'ventana-pkg-run xapps user sh -c "ls -l /usr/bin/xcalc; ventana-demo" 2>&1'

step "writes: the user cannot change the base; root inside a view writes its own layer"
g 'ventana-pkg-run demo1 user sh -c "echo x > /usr/bin/ventana-demo; echo x > /etc/ventana-demo.conf; touch /usr/lib/x; touch /run/ventana/packages/x" 2>&1'
g 'ventana-pkg-run demo1 root sh -c "echo written-in-demo1 > /etc/ventana-demo.conf; echo system-write > /usr/lib/spike-root-write; ventana-demo"; ventana-pkg-run demo2 user sh -c "ventana-demo; ls /usr/lib/spike-root-write" 2>&1; ls /usr/lib/spike-root-write /etc/ventana-demo.conf 2>&1; find /home/user/.packages -path "*/upper/*" -ls'
g 'ventana-pkg-run demo2 user sh -c "echo colour=blue > /var/tmp/demo-setting; echo pref > \$HOME/.demo-pref"; ventana-pkg-run demo2 user cat /var/tmp/demo-setting; ventana-pkg-run demo1 user cat /var/tmp/demo-setting 2>&1; ls -l /var/tmp/demo-setting /home/user/.demo-pref 2>&1; ls -ln /home/user/.packages/demo2/upper/var/tmp/'

step "launch cost"
g 'for i in 1 2 3; do time runuser -u user true; done 2>&1 | grep real; for i in 1 2 3; do time ventana-pkg-run demo1 user true; done 2>&1 | grep real'

step "a GUI application from a package on the user's X"
g 'export XAUTHORITY=/run/ventana/Xauthority; s=$(date +%s.%N); ventana-pkg-run xapps user env HOME=/home/user DISPLAY=:0 XAUTHORITY=/run/ventana/Xauthority xcalc >/tmp/xcalc.log 2>&1 & n=0; until DISPLAY=:0 icesh -c xcalc list 2>/dev/null | grep -q . || [ $n -ge 600 ]; do sleep 0.1; n=$((n+1)); done; e=$(date +%s.%N); DISPLAY=:0 icesh -c xcalc list; echo "xcalc window after $(awk -v s=$s -v e=$e "BEGIN{print e - s}") s"; cat /tmp/xcalc.log'
g 'ventana-pkg-run xapps user env HOME=/home/user DISPLAY=:0 XAUTHORITY=/run/ventana/Xauthority xeyes -geometry 200x150+700+40 >/dev/null 2>&1 & sleep 5; DISPLAY=:0 icesh -c xeyes list'
g 'echo "joining the running view:"; for i in 1 2 3; do time ventana-pkg-run xapps user true; done 2>&1 | grep real'
h python3 "$here/host/qmp.py" "$run" screendump "$run/screen.ppm"
h python3 "$here/host/ppm2png.py" "$run/screen.ppm" "$run/screen.png"

step "from the desktop's menu: the user asks the root launcher"
g 'printf "calculator|Calculator|application|xcalc|xapps\nclock|Clock|application|xclock -geometry 160x160+820+560|xapps\n" > /run/ventana/applications; printf "DISPLAY=:0\nXAUTHORITY=/run/ventana/Xauthority\nHOME=/home/user\n" > /run/ventana/session.env; (ventana-launcher </dev/null >/dev/null 2>&1 &); sleep 1; ls -l /run/ventana/launch; s=$(date +%s.%N); runuser -u user -- /opt/spike/ventana-launch clock; n=0; until DISPLAY=:0 icesh -c xclock list 2>/dev/null | grep -q . || [ $n -ge 600 ]; do sleep 0.1; n=$((n+1)); done; e=$(date +%s.%N); DISPLAY=:0 icesh -c xclock list; echo "xclock window after $(awk -v s=$s -v e=$e "BEGIN{print e - s}") s"; runuser -u user -- /opt/spike/ventana-launch evil; runuser -u user -- sh -c "echo \"../x\" > /run/ventana/launch; cat /run/ventana/launch" 2>&1; ps -o pid,user,args -C xclock,xcalc; cat /tmp/ventana-launch.log'
h python3 "$here/host/qmp.py" "$run" screendump "$run/screen2.ppm"
h python3 "$here/host/ppm2png.py" "$run/screen2.ppm" "$run/screen2.png"

step "unprivileged alternative: overlay in a user namespace"
g 'runuser -u user -- unshare --user --map-root-user --mount sh -c "mkdir -p /tmp/u/up /tmp/u/wk /tmp/u/m && mount -t overlay o -o lowerdir=/run/ventana/packages/demo1:/,upperdir=/tmp/u/up,workdir=/tmp/u/wk,userxattr /tmp/u/m && cat /tmp/u/m/etc/ventana-demo.conf && ls -ln /tmp/u/m/usr/bin/ls" 2>&1'

step "power off; the per-user layer on the data disk"
g 'sync; fsfreeze -f /home/user && fsfreeze -u /home/user && echo "data disk journal flushed"'
h python3 "$here/host/qmp.py" "$run" powerdown
n=0; while kill -0 "$(cat "$run/qemu.pid")" 2>/dev/null && [ $n -lt 60 ]; do sleep 1; n=$((n+1)); done
echo "QEMU gone after $n s (the guest's power-off unmounts the data disk)" | tee -a "$log"
kill "$(cat "$run/qemu.pid")" 2>/dev/null || true; sleep 1
h debugfs -R "ls -l /.packages/demo2/upper/var/tmp" "$run/data.raw"
h debugfs -R "cat /.packages/demo2/upper/var/tmp/demo-setting" "$run/data.raw"
h debugfs -R "cat /.packages/demo1/upper/etc/ventana-demo.conf" "$run/data.raw"
echo "done: $log"
