#!/usr/bin/env bash
# tiny-packages.sh [tiny version dir]: application packages in a real tiny guest (issue 15), by
# hand, as the session host will boot it: QEMU under TCG with guest.QemuCommand's devices (system
# and data disks as -drive if=virtio, the packages as read-only -device virtio-blk-pci whose serial
# is the package version's id), SESSION with packages= on the guest channel, the checks typed into
# the root shell on the serial console. Three boots, with one data disk:
#   1. two packages installing different versions of /etc/demo.conf, /usr/lib/demo/lib.txt and
#      /usr/bin/demo: both attach, each application sees its own files, the user cannot write the
#      base nor either package, nor see the other package or the per-user layers; a setting written
#      in a view lands in /data/.packages/<name>/upper; ventana-launch starts one, refuses an
#      unknown id;
#   2. the same data disk, the packages in the other order: the setting is seen again in its view;
#   3. a package's application published (app=demo1) and a package whose disk never comes.
# Prints each check; exits non-zero at the first that fails. Needs qemu-system-x86, qemu-utils,
# e2fsprogs, squashfs-tools, python3. Env: VENTANA_IMAGES_DIR (default <repo>/build/images).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=$(readlink -f "${1:-${VENTANA_IMAGES_DIR:-$repo/build/images}/tiny/current}")
run=$(mktemp -d /tmp/ventana-tiny-packages.XXXXXX)
qemu_pid=
cleanup() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then kill "$qemu_pid"; fi
  [ -n "${KEEP:-}" ] || rm -rf "$run"
}
trap cleanup EXIT
g() { python3 "$here/guest.py" "$@"; }
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*"; echo "--- serial console (last lines)"; tail -n 40 "$run/console.log" | tr -d '\r'; exit 1; }
# expect <what> <command> <text the output must contain>
expect() {
  local out; out=$(g console "$run" "$2" 60)
  printf '%s\n' "$out" | sed 's/^/   | /'
  grep -qF -- "$3" <<<"$out" || fail "$1: no '$3'"
  echo "ok: $1"
}

step "two demo packages with deploy/packages/make.sh"
for v in 1 2; do
  t="$run/tree$v"
  mkdir -p "$t/etc" "$t/usr/bin" "$t/usr/lib/demo"
  echo "version=$v" > "$t/etc/demo.conf"
  echo "library $v" > "$t/usr/lib/demo/lib.txt"
  cat > "$t/usr/bin/demo" <<'EOF'
#!/bin/sh
echo "demo: $(cat /etc/demo.conf), $(cat /usr/lib/demo/lib.txt), setting $(cat /var/tmp/demo-setting 2>/dev/null || echo none), as $(id -u)"
EOF
  chmod 0755 "$t/usr/bin/demo"
  "$repo/deploy/packages/make.sh" --name "demo$v" --from "$t" --title "Demo $v" --app "demo$v|Demo $v|terminal|demo" \
    --out "$run/packages" 2>/dev/null > "$run/demo$v.dir"
  echo "demo$v: $(cat "$run/demo$v.dir")"
done
id1=$(basename "$(cat "$run/demo1.dir")") id2=$(basename "$(cat "$run/demo2.dir")")

step "a data disk as guest.Disks makes it"
truncate -s 64M "$run/data.raw"
mke2fs -q -F -t ext4 -L ventana-data -E root_owner=1000:1000 "$run/data.raw"
qemu-img convert -f raw -O qcow2 "$run/data.raw" "$run/data.qcow2" && rm "$run/data.raw"

# boot <package dir>...: a cold boot as QemuCommand makes it, packages last.
boot() {
  rm -f "$run/system.qcow2" "$run"/*.sock
  qemu-img create -q -f qcow2 -F qcow2 -b "$version/base.qcow2" "$run/system.qcow2"
  local pkgs=() n=0 d
  for d in "$@"; do
    pkgs+=(-drive "file=$d/package.sqfs,format=raw,if=none,id=pkg$n,readonly=on"
           -device "virtio-blk-pci,drive=pkg$n,serial=$(basename "$d")")
    n=$((n + 1))
  done
  : > "$run/console.log"
  nice -n 10 qemu-system-x86_64 -accel tcg -m 256M -smp 1 -nodefaults \
    -kernel "$version/vmlinuz" -initrd "$version/initrd.gz" -append "$(cat "$version/cmdline")" \
    -drive "file=$run/system.qcow2,format=qcow2,if=virtio,id=system" \
    -device virtio-tablet-pci -qmp "unix:$run/qmp.sock,server=on,wait=off" \
    -chardev "socket,id=serial0,path=$run/serial.sock,server=on,wait=off,logfile=$run/console.log,logappend=on" \
    -serial chardev:serial0 \
    -device virtio-serial-pci,id=channels \
    -chardev "socket,id=agent,path=$run/agent.sock,server=on,wait=off" \
    -device virtserialport,bus=channels.0,chardev=agent,name=dev.ventana.agent \
    -device vmgenid,guid=auto -device virtio-rng-pci -vga std -display none \
    -drive "file=$run/data.qcow2,format=qcow2,if=virtio,id=data" \
    "${pkgs[@]}" -pidfile "$run/qemu.pid" >"$run/qemu.log" 2>&1 </dev/null &
  qemu_pid=$!
  g wait "$run" "ventana: waiting for a session" 120 || fail "the guest did not boot"
}
# Ends the guest as the host does (the ACPI power button: the data disk unmounted), waits for QEMU.
power_off() {
  g qmp "$run" system_powerdown >/dev/null
  g wait "$run" "ventana: power button, shutting down" 20 || fail "no power button"
  local n=0
  while kill -0 "$qemu_pid" 2>/dev/null; do
    [ $n -lt 300 ] || fail "the guest did not power off"
    sleep 0.2; n=$((n + 1))
  done
  qemu_pid=
}
session() {
  local answer; answer=$(g agent "$run" "$1" 60)
  echo "   | $answer"
  grep -qF -- "$2" <<<"$answer" || fail "SESSION answered '$answer', not '$2'"
}

step "boot 1: SESSION with packages=demo1@$id1,demo2@$id2"
boot "$(cat "$run/demo1.dir")" "$(cat "$run/demo2.dir")"
# On a cold boot the package disks take PCI slots before the if=virtio disks: they are vda and vdb.
expect "disk order" 'for d in /sys/block/vd*; do echo "${d##*/} serial=$(cat $d/serial)"; done' "serial=$id1"
session "SESSION data=rw name=pkgtest packages=demo1@$id1,demo2@$id2" "SESSION-STARTED"
g wait "$run" "ventana: package demo1 attached" 20 && g wait "$run" "ventana: package demo2 attached" 20 \
  || fail "packages not attached"
echo "ok: ventana: package demo1 attached / ventana: package demo2 attached"
expect "the data disk found by its label" 'grep " /data " /proc/mounts' "/data ext4 rw"
expect "the applications listed" 'cat /run/ventana/applications' "demo2|Demo 2|terminal|demo|demo2"
expect "demo1 sees its own files" 'ventana-pkg-run demo1 user demo' "demo: version=1, library 1, setting none, as 1000"
expect "demo2 sees its own files" 'ventana-pkg-run demo2 user demo' "demo: version=2, library 2, setting none, as 1000"
expect "the base has neither" 'cat /etc/demo.conf; command -v demo || echo no-demo' "no-demo"
expect "user cannot write the base in a view" 'ventana-pkg-run demo1 user sh -c "echo x > /bin/evil"' "Permission denied"
expect "user cannot write its package's file" 'ventana-pkg-run demo1 user sh -c "echo x > /etc/demo.conf"' "Permission denied"
expect "user cannot add to its package" 'ventana-pkg-run demo1 user sh -c "echo x > /usr/lib/demo/x"' "Permission denied"
expect "the other package is hidden" 'ventana-pkg-run demo1 user sh -c "ls -A /run/ventana/packages | wc -l; echo x > /run/ventana/packages/demo2/x"' "nonexistent directory"
expect "even from root in the view" 'ventana-pkg-run demo1 root mkdir /run/ventana/packages/demo2' "Read-only file system"
expect "the per-user layers are root's" 'ventana-pkg-run demo1 user ls /data/.packages' "Permission denied"
expect "outside any view too" 'su -s /bin/sh user -c "echo x > /run/ventana/packages/demo2/etc/demo.conf"' "Read-only file system"
expect "a setting written in demo2's view" 'ventana-pkg-run demo2 user sh -c "echo colour=blue > /var/tmp/demo-setting; demo"' "setting colour=blue"
expect "not seen by demo1" 'ventana-pkg-run demo1 user demo' "setting none"
expect "nor by the base" 'cat /var/tmp/demo-setting || echo no-setting' "no-setting"
expect "it is in demo2's layer on the data disk" 'ls -ln /data/.packages/demo2/upper/var/tmp; stat -c "%a %u" /data/.packages' "700 0"
expect "root in demo1's view writes its layer only" 'ventana-pkg-run demo1 root sh -c "echo root-wrote > /etc/demo.conf"; ventana-pkg-run demo1 user demo; ventana-pkg-run demo2 user demo' "demo: version=2"
expect "the base still has no demo.conf" 'cat /etc/demo.conf || echo base-clean' "base-clean"
expect "ventana-launch" 'ventana-launch demo1; sleep 3; ventana-launch evil; sleep 1' ""
g wait "$run" "ventana: launching demo1 from package demo1" 10 && g wait "$run" "ventana: application demo1 from package demo1 exited with status 0" 20 \
  && g wait "$run" "ventana: launch refused: unknown application 'evil'" 10 || fail "ventana-launch"
echo "ok: launched demo1, refused evil"
power_off

step "boot 2: the same data disk, the packages in the other order"
boot "$(cat "$run/demo2.dir")" "$(cat "$run/demo1.dir")"
session "SESSION data=rw name=pkgtest packages=demo2@$id2,demo1@$id1" "SESSION-STARTED"
g wait "$run" "ventana: package demo1 attached" 20 || fail "demo1 not attached"
expect "the setting survived logoff" 'ventana-pkg-run demo2 user demo' "demo: version=2, library 2, setting colour=blue"
expect "root's write to demo1's layer too" 'ventana-pkg-run demo1 user demo' "demo: root-wrote"
power_off

step "boot 3: a package's application published, and a package whose disk never comes"
boot "$(cat "$run/demo1.dir")"
session "SESSION data=rw name=pkgtest app=demo1 packages=demo1@$id1,ghost@0123456789abcdef" "packages-missing=ghost"
g wait "$run" "ventana: package ghost missing: no disk with serial 0123456789abcdef" 5 || fail "no missing line"
g wait "$run" "ventana: application demo1 started from package demo1" 10 || fail "published application"
g wait "$run" "ventana: application demo1 exited; powering off" 30 || fail "published application's end"
echo "ok: published demo1 started and exited; ghost missing"
n=0; while kill -0 "$qemu_pid" 2>/dev/null && [ $n -lt 150 ]; do sleep 0.2; n=$((n + 1)); done
qemu_pid=
echo
echo "all checks passed"
