#!/usr/bin/env bash
# Builds the office desktop guest with debootstrap from the Debian mirror this machine's apt
# already uses: Xorg (modesetting on QEMU's bochs display), IceWM, xterm and Mousepad, a user
# account, and an init without systemd that starts the desktop. About two minutes.
#
# Env: VENTANA_IMAGES_DIR (default <repo>/build/images), VENTANA_IMAGES_CACHE,
#      VENTANA_SET_CURRENT (yes|no). Prints the version directory; progress on stderr.
IMAGE_NAME=office
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SUITE=bookworm
PACKAGES=xserver-xorg-core,xserver-xorg-input-libinput,xserver-xorg-video-fbdev,x11-xserver-utils,xinit,icewm,xterm,mousepad,fonts-dejavu-core,xfonts-base,udev,kmod,procps,nano,dbus-x11
SCREEN=1024x768

need_packages qemu-system-x86 debootstrap qemu-utils cpio kmod e2fsprogs python3 gzip busybox-static
# The Debian mirror apt already uses here, whatever the form of its sources files.
MIRROR=$(apt-cache policy | awk -v s="$SUITE/main amd64 Packages" '$0 ~ s && $2 !~ /security/ {print $2; exit}' || true)
[ -n "$MIRROR" ] || die "no Debian mirror found in /etc/apt/sources"
KERNEL_PKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$KERNEL_PKG" ] || { apt-get update >&2; KERNEL_PKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'); }
KERNEL_VER=$(candidate_version "$KERNEL_PKG")
BUSYBOX_VER=$(candidate_version busybox-static)
VERSIONS=()
for p in ${PACKAGES//,/ }; do VERSIONS+=("$p=$(candidate_version "$p")"); done

KEY=$(input_key "$MIRROR" "$SUITE" "$SCREEN" "$KERNEL_PKG=$KERNEL_VER" "busybox-static=$BUSYBOX_VER" "${VERSIONS[@]}")
reuse_cached_version "$KEY"

progress "building from $MIRROR $SUITE with $KERNEL_PKG $KERNEL_VER"
KDEB=$(fetch_deb "$KERNEL_PKG" "$KERNEL_VER")
BDEB=$(fetch_deb busybox-static "$BUSYBOX_VER")
WORK=$(mktemp -d)
STAGING=$(new_staging)
trap 'rm -rf "$WORK" "$STAGING"' EXIT
ROOT="$WORK/root"
mkdir -p "$CACHE_DIR/debootstrap"

progress "debootstrap (about 70 s)"
debootstrap --variant=minbase --include="$PACKAGES" --cache-dir="$CACHE_DIR/debootstrap" \
  "$SUITE" "$ROOT" "$MIRROR" 2>&1 | {
    # Hundreds of per-package lines: show the phases, and a count every 100 packages.
    n=0
    while read -r line; do
      case "$line" in
        I:\ Retrieving*|I:\ Validating*|I:\ Extracting*|I:\ Unpacking\ [a-z]*|I:\ Configuring\ [a-z]*|I:\ Checking*|I:\ Found*)
          n=$((n + 1)); [ $((n % 100)) -eq 0 ] && progress "  ... $n package steps" ;;
        *) progress "  $line" ;;
      esac
    done
  }
[ -x "$ROOT/usr/bin/Xorg" ] || die "debootstrap did not install Xorg"

progress "adding the kernel modules"
mkdir -p "$WORK/kernel" "$WORK/busybox"
dpkg-deb -x "$KDEB" "$WORK/kernel"
dpkg-deb -x "$BDEB" "$WORK/busybox"
KREL=$(ls "$WORK/kernel/lib/modules")
cp "$WORK/kernel/boot/vmlinuz-$KREL" "$STAGING/vmlinuz"
mkdir -p "$ROOT/lib/modules"
cp -a "$WORK/kernel/lib/modules/$KREL" "$ROOT/lib/modules/"
# A QEMU desktop needs virtio, bochs/virtio graphics, USB HID and file systems: drop the
# drivers for hardware it never has (about 250 of the 400 MB of modules).
M="$ROOT/lib/modules/$KREL/kernel"
rm -rf "$M"/drivers/{net/wireless,net/ethernet,media,infiniband,iio,staging,hwmon,isdn,bluetooth,scsi/qla2xxx,scsi/lpfc,scsi/mpt3sas} \
  "$M"/drivers/gpu/drm/{amd,nouveau,i915,radeon} "$M"/sound/soc "$M"/net/{wireless,mac80211,bluetooth} "$M"/lib/test_*.ko
depmod -b "$ROOT" "$KREL"
depmod -b "$WORK/kernel" "$KREL"
# busybox gives the init its ACPI power button handler (an orderly QMP powerdown).
cp "$WORK/busybox/bin/busybox" "$ROOT/usr/local/bin/busybox"

progress "configuring the desktop"
chroot "$ROOT" useradd -m -s /bin/bash -u 1000 user
echo ventana > "$ROOT/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 ventana\n' > "$ROOT/etc/hosts"
mkdir -p "$ROOT/etc/X11/xorg.conf.d" "$ROOT/etc/skel/.icewm" "$ROOT/etc/acpi/PWRF"
cat > "$ROOT/etc/X11/xorg.conf.d/10-ventana.conf" <<EOF
# QEMU's bochs display under emulation: no GPU acceleration to find.
Section "Device"
  Identifier "display"
  Driver "modesetting"
  Option "AccelMethod" "none"
EndSection
Section "Screen"
  Identifier "screen"
  Device "display"
  SubSection "Display"
    Modes "$SCREEN"
  EndSubSection
EndSection
Section "ServerFlags"
  Option "BlankTime" "0"
  Option "StandbyTime" "0"
  Option "SuspendTime" "0"
  Option "OffTime" "0"
EndSection
EOF
cat > "$ROOT/etc/skel/.icewm/startup" <<'EOF'
#!/bin/sh
xset s off -dpms
xterm -geometry 80x24+40+40 &
EOF
chmod 0755 "$ROOT/etc/skel/.icewm/startup"
cp -a "$ROOT/etc/skel/.icewm" "$ROOT/home/user/" && chroot "$ROOT" chown -R user:user /home/user
cat > "$ROOT/usr/local/bin/ventana-session" <<'EOF'
#!/bin/sh
# The user's X session, started by xinit as root: drop to the user.
exec runuser -u user -- env HOME=/home/user USER=user LOGNAME=user SHELL=/bin/bash \
  DISPLAY="$DISPLAY" dbus-launch --exit-with-session icewm-session
EOF
cat > "$ROOT/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "ventana: power button, shutting down" > /dev/ttyS0
pkill -TERM -x Xorg; sleep 1
sync; umount /home/user 2>/dev/null; sync
busybox poweroff -f
EOF
cat > "$ROOT/sbin/ventana-init" <<'EOF'
#!/bin/sh
# PID 1 without systemd: devices, the user's data disk as their home, then the desktop.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
chmod 1777 /tmp /dev/shm
hostname ventana
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle --timeout=20
if [ -b /dev/vdb ] && mount -t ext4 /dev/vdb /home/user; then
  # A new data disk is empty: give it the skeleton once; later boots keep the user's files.
  if [ ! -e /home/user/.ventana-home ]; then
    cp -a /etc/skel/. /home/user/ && touch /home/user/.ventana-home
    chown -R user:user /home/user
  fi
fi
busybox acpid -f -c /etc/acpi -l /dev/null >/dev/null 2>&1 &
echo "ventana: office up after $(cut -d' ' -f1 /proc/uptime)s" > /dev/ttyS0
while true; do
  xinit /usr/local/bin/ventana-session -- /usr/bin/Xorg :0 vt1 -nolisten tcp -novtswitch > /var/log/ventana-x.log 2>&1
  sleep 2
done
EOF
chmod 0755 "$ROOT/usr/local/bin/ventana-session" "$ROOT/etc/acpi/PWRF/00000080" "$ROOT/sbin/ventana-init"

progress "trimming caches, docs and locales"
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/* "$ROOT"/usr/share/doc/* \
  "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* "$ROOT"/var/log/*.log "$ROOT"/var/cache/debconf/*-old
find "$ROOT/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'en*' ! -name locale.alias -exec rm -rf {} +
find "$ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

progress "making the initramfs"
make_initramfs "$WORK/busybox/bin/busybox" "$WORK/kernel" "$KREL" /sbin/ventana-init "$STAGING/initrd.gz"

progress "making the system disk ($(du -sm "$ROOT" | cut -f1) MB of files)"
make_ext4 "$ROOT" "$WORK/disk.raw" 1200M ventana-sys
progress "converting to qcow2"
qemu-img convert -f raw -O qcow2 "$WORK/disk.raw" "$STAGING/base.qcow2"
echo "console=ttyS0 console=tty0 quiet" > "$STAGING/cmdline"
echo "$SCREEN" > "$STAGING/screen"
publish_version "$STAGING" "$KEY" "mirror=$MIRROR" "$KERNEL_PKG=$KERNEL_VER" "busybox-static=$BUSYBOX_VER" "${VERSIONS[@]}"
trap 'rm -rf "$WORK"' EXIT
