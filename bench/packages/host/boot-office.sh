#!/usr/bin/env bash
# boot-office.sh <run dir> [office version dir]: boots one office guest by hand as the session host
# would (guest.QemuCommand: the same devices, a cold boot; every disk as -device, so that their order
# is the command line's), under TCG and nice, with
#   vda  a qcow2 overlay on the version's base.qcow2 (thrown away with the run dir)
#   vdb  a new data disk (ext4, label ventana-data, owned by uid 1000, as guest.Disks makes it):
#        the guest's cold-boot fallback mounts it on /home/user and starts the desktop after 30 s
#   vdc  this spike's guest scripts, read-only (serial spike-tools)
#   vdd  a blank 4 GiB scratch disk, ext4 (serial spike-scratch): the packaging layers
# and outbound NAT, as a maintenance guest has. The root shell on the serial console is at
# <run>/serial.sock (console.py), QMP at <run>/qmp.sock (qmp.py). Prints QEMU's pid.
set -euo pipefail
run=$1
version=${2:-/work/main/build/images/office/current}
version=$(readlink -f "$version")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$run"
qemu-img create -q -f qcow2 -F qcow2 -b "$version/base.qcow2" "$run/system.qcow2"
if [ -n "${DATA_RAW:-}" ]; then
  cp --sparse=always "$DATA_RAW" "$run/data.raw"   # a data disk from an earlier session
else
  truncate -s 1G "$run/data.raw"
  mke2fs -q -F -t ext4 -L ventana-data -E root_owner=1000:1000 "$run/data.raw"
fi
# PACKAGES: package images (<name>.sqfs) on the command line, read-only, serial pkg-<name>, as a
# cold boot's command line would have them.
pkgs=()
for f in ${PACKAGES:-}; do
  n=$(basename "$f" .sqfs)
  pkgs+=(-drive "file=$f,format=raw,if=none,id=pkg-$n,readonly=on" -device "virtio-blk-pci,drive=pkg-$n,serial=pkg-$n")
done
truncate -s 16M "$run/tools.raw"
mke2fs -q -F -t ext4 -L spike-tools -d "$here/../guest" "$run/tools.raw"
truncate -s 4G "$run/scratch.raw"
mke2fs -q -F -t ext4 -L spike-scratch "$run/scratch.raw"
nice -n 15 qemu-system-x86_64 -name guest=pkgspike -accel tcg -m "${MEMORY_MIB:-1024}M" -smp 1 -nodefaults \
  -kernel "$version/vmlinuz" -initrd "$version/initrd.gz" -append "$(cat "$version/cmdline")" \
  -drive "file=$run/system.qcow2,format=qcow2,if=none,id=system" -device virtio-blk-pci,drive=system \
  -drive "file=$run/data.raw,format=raw,if=none,id=data" -device virtio-blk-pci,drive=data \
  -drive "file=$run/tools.raw,format=raw,if=none,id=tools,readonly=on" -device virtio-blk-pci,drive=tools,serial=spike-tools \
  -drive "file=$run/scratch.raw,format=raw,if=none,id=scratch" -device virtio-blk-pci,drive=scratch,serial=spike-scratch \
  -device virtio-tablet-pci -vnc "unix:$run/vnc.sock" -qmp "unix:$run/qmp.sock,server=on,wait=off" \
  -chardev "socket,id=serial0,path=$run/serial.sock,server=on,wait=off,logfile=$run/console.log,logappend=on" \
  -serial chardev:serial0 \
  -device virtio-serial-pci,id=channels \
  -chardev "socket,id=agent,path=$run/agent.sock,server=on,wait=off" \
  -device virtserialport,bus=channels.0,chardev=agent,name=dev.ventana.agent \
  -device vmgenid,guid=auto -device virtio-rng-pci -pidfile "$run/qemu.pid" \
  -device virtio-vga -display none \
  -netdev user,id=net0 -device virtio-net-pci,netdev=net0,romfile= "${pkgs[@]}" \
  >"$run/qemu.log" 2>&1 </dev/null &
sleep 1
cat "$run/qemu.pid"
