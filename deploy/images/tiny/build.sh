#!/usr/bin/env bash
# Builds the tiny test guest from Debian packages in seconds: Debian's kernel, busybox-static,
# an initramfs that loads the virtio and ext4 modules and switches to a small ext4 system
# disk, which runs a shell on the VGA console (720x400 text mode).
#
# Env: VENTANA_IMAGES_DIR (default <repo>/build/images), VENTANA_IMAGES_CACHE,
#      VENTANA_TINY_RELEASE (default 1; another value builds another version of the same
#      image, which tests use as "the next golden version"), VENTANA_SET_CURRENT (yes|no).
# Prints the version directory on stdout; progress goes to stderr.
IMAGE_NAME=tiny
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

RELEASE="${VENTANA_TINY_RELEASE:-1}"
[[ "$RELEASE" =~ ^[A-Za-z0-9._-]+$ ]] || die "VENTANA_TINY_RELEASE must be a plain word"

# qemu-system-x86 is not needed to build, but everything that uses the image boots it.
need_packages qemu-system-x86 qemu-utils cpio kmod e2fsprogs python3 gzip
KERNEL_PKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
if [ -z "$KERNEL_PKG" ]; then apt-get update >&2; KERNEL_PKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'); fi
[ -n "$KERNEL_PKG" ] || die "cannot resolve the kernel package behind linux-image-amd64"
KERNEL_VER=$(candidate_version "$KERNEL_PKG")
BUSYBOX_VER=$(candidate_version busybox-static)

KEY=$(input_key "$KERNEL_PKG=$KERNEL_VER" "busybox-static=$BUSYBOX_VER" "release=$RELEASE")
reuse_cached_version "$KEY"

progress "building: $KERNEL_PKG $KERNEL_VER, busybox-static $BUSYBOX_VER, release $RELEASE"
KDEB=$(fetch_deb "$KERNEL_PKG" "$KERNEL_VER")
BDEB=$(fetch_deb busybox-static "$BUSYBOX_VER")

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STAGING=$(new_staging)
trap 'rm -rf "$WORK" "$STAGING"' EXIT

progress "unpacking packages"
mkdir -p "$WORK/kernel" "$WORK/busybox"
dpkg-deb -x "$KDEB" "$WORK/kernel"
dpkg-deb -x "$BDEB" "$WORK/busybox"
KREL=$(ls "$WORK/kernel/lib/modules")
BUSYBOX="$WORK/busybox/bin/busybox"
cp "$WORK/kernel/boot/vmlinuz-$KREL" "$STAGING/vmlinuz"
# The package ships no modules.dep; the dependency order comes from depmod.
depmod -b "$WORK/kernel" "$KREL"

progress "making the initramfs"
make_initramfs "$BUSYBOX" "$WORK/kernel" "$KREL" /sbin/init "$STAGING/initrd.gz"

progress "making the system disk"
ROOT="$WORK/root"
mkdir -p "$ROOT"/{bin,sbin,etc,dev,proc,sys,tmp,root,data,lib/modules,etc/acpi/PWRF}
cp "$BUSYBOX" "$ROOT/bin/busybox"
for a in $("$BUSYBOX" --list); do [ "$a" = busybox ] || ln -s busybox "$ROOT/bin/$a"; done
ln -s ../bin/busybox "$ROOT/sbin/busybox"
# The ACPI power button lets a QMP system_powerdown end the guest in an orderly way.
for m in button evdev; do
  modprobe -d "$WORK/kernel" -S "$KREL" --show-depends "$m" | awk '$1 == "insmod" {print $2}' | while read -r ko; do
    cp "$ko" "$ROOT/lib/modules/"; basename "$ko" >> "$ROOT/etc/modules.order"; done
done
cat > "$ROOT/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "ventana: power button, shutting down" > /dev/ttyS0
umount /data 2>/dev/null
sync
poweroff -f
EOF
chmod 0755 "$ROOT/etc/acpi/PWRF/00000080"
echo "ventana-tiny release $RELEASE" > "$ROOT/etc/ventana-release"
cat > "$ROOT/etc/profile" <<'EOF'
export PATH=/bin:/sbin HOME=/root
PS1='ventana# '
cd /root
EOF
cat > "$ROOT/sbin/init" <<'EOF'
#!/bin/sh
# PID 1 of the tiny guest: no init system, just what the tests and a person at the console
# need. The banner's first line holds every character the tests read off the screen, so they
# can learn the console font from it.
export PATH=/bin:/sbin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
hostname ventana-tiny
for m in $(cat /etc/modules.order); do insmod /lib/modules/$m 2>/dev/null; done
n=0; while [ ! -e /dev/input/event0 ] && [ $n -lt 20 ]; do sleep 0.1; n=$((n + 1)); done
acpid -f -c /etc/acpi -l /dev/null >/dev/null 2>&1 &
if [ -b /dev/vdb ]; then
  mount -t ext4 /dev/vdb /data || echo "ventana: data disk /dev/vdb not mountable" > /dev/ttyS0
fi
echo "ventana: $(cat /etc/ventana-release) up after $(cut -d' ' -f1 /proc/uptime)s" > /dev/ttyS0
printf '\033[2J\033[H' > /dev/tty1
echo 'abcdefghijklmnopqrstuvwxyz0123456789#$-_./=>:' > /dev/tty1
echo "$(cat /etc/ventana-release)" > /dev/tty1
setsid -c sh -l </dev/ttyS0 >/dev/ttyS0 2>&1 &
while true; do setsid -c sh -l </dev/tty1 >/dev/tty1 2>&1; done
EOF
chmod 0755 "$ROOT/sbin/init"
find "$ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
make_ext4 "$ROOT" "$WORK/disk.raw" 64M ventana-sys
qemu-img convert -f raw -O qcow2 "$WORK/disk.raw" "$STAGING/base.qcow2"

echo "console=ttyS0 console=tty0 quiet" > "$STAGING/cmdline"
echo "720x400" > "$STAGING/screen"
publish_version "$STAGING" "$KEY" "$KERNEL_PKG=$KERNEL_VER" "busybox-static=$BUSYBOX_VER" "release=$RELEASE"
trap 'rm -rf "$WORK"' EXIT
