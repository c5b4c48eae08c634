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
#   3. a package's application published (app=demo1) and a package whose disk never comes;
#   4. a package hot-plugged before SESSION, as into a clone restored from a template;
#   5. no data disk: the per-user layer in memory;
#   6. malformed packages= refused (SESSION-FAILED invalid), an unknown application with packages
#      answered SESSION-FAILED unknown-application.
# Prints each check; exits non-zero at the first that fails. Needs qemu-system-x86, qemu-utils,
# e2fsprogs, squashfs-tools, python3. Env: VENTANA_IMAGES_DIR (default <repo>/build/images).
set -euo pipefail
IMAGE=tiny
source "$(dirname "$0")/lib.sh"

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
expect "and cannot be renamed away by the user" 'su -s /bin/sh user -c "mv /data/.packages /data/mine"' "resource busy"
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

step "boot 4: demo2 hot-plugged just before SESSION (blockdev-add read-only, device_add)"
boot
g qmp "$run" "{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"raw\", \"node-name\": \"pkg0\", \"read-only\": true,
  \"file\": {\"driver\": \"file\", \"filename\": \"$(cat "$run/demo2.dir")/package.sqfs\", \"read-only\": true}}}" >/dev/null
g qmp "$run" "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"virtio-blk-pci\", \"id\": \"pkgdev0\", \"drive\": \"pkg0\", \"serial\": \"$id2\"}}" >/dev/null
session "SESSION data=rw name=pkgtest packages=demo2@$id2" "SESSION-STARTED"
g wait "$run" "ventana: package demo2 attached" 20 || fail "the hot-plugged package did not attach"
expect "the hot-plugged package's application, with its setting" 'ventana-pkg-run demo2 user demo' "demo: version=2, library 2, setting colour=blue"
power_off

step "boot 5: no data disk (data=none): the layer is in memory"
boot "$(cat "$run/demo1.dir")"
session "SESSION data=none name=pkgtest packages=demo1@$id1" "SESSION-STARTED"
expect "a setting written without a data disk" 'ventana-pkg-run demo1 user sh -c "echo colour=red > /var/tmp/demo-setting; demo"; stat -c "%a %u" /run/ventana/layers; ls /run/ventana/layers/demo1/upper/var/tmp' "demo-setting"
power_off

step "boot 6: SESSION's packages= refused when malformed; an application no package brings"
boot
for l in "packages=Bad@0123456789abcdef" "packages=a@123" "packages=a@0123456789ABCDEF" "packages=" \
    "packages=a@0123456789abcdef,a@0123456789abcdef" "packages=a@0123456789abcdef,,b@0123456789abcdef" \
    "packages=$(for i in $(seq 1 17); do printf 'p%s@0123456789abcdef,' "$i"; done | sed 's/,$//')" "app=nope"; do
  session "SESSION data=none name=x $l" "SESSION-FAILED invalid"
done
session "SESSION data=none name=x app=nope packages=a@0123456789abcdef" "SESSION-FAILED unknown-application"
g wait "$run" "ventana: unknown application 'nope': not in /etc/ventana/applications nor in an attached package; powering off" 10 \
  || fail "no unknown-application line"
n=0; while kill -0 "$qemu_pid" 2>/dev/null && [ $n -lt 150 ]; do sleep 0.2; n=$((n + 1)); done
qemu_pid=

step "the data disk was unmounted cleanly (boot 4, whose views held it)"
qemu-img convert -O raw "$run/data.qcow2" "$run/data.raw"
dumpe2fs -h "$run/data.raw" 2>/dev/null | grep -q '^Filesystem state: *clean$' || fail "the data disk is not clean"
echo "ok: clean"
echo
echo "all checks passed"
