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
mkdir -p "$ROOT"/{bin,sbin,etc,dev,proc,sys,tmp,run,root,data,lib/modules,etc/acpi/PWRF,usr/local/bin,usr/local/sbin,var/tmp,var/lib/ventana-view}
chmod 1777 "$ROOT/var/tmp"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for a in $("$BUSYBOX" --list); do [ "$a" = busybox ] || ln -s busybox "$ROOT/bin/$a"; done
ln -s ../bin/busybox "$ROOT/sbin/busybox"
# The ACPI power button lets a QMP system_powerdown end the guest in an orderly way; virtio_net
# is the NIC of a guest started with outbound networking; virtio_console carries the guest
# channel; virtio_rng seeds the random generator early, which vmgenid's reseed needs
# (docs/session-host.md); squashfs and overlay attach application packages and make their views
# (docs/session-host.md, "Application packages").
for m in button evdev virtio_net virtio_console virtio_rng squashfs overlay; do
  modprobe -d "$WORK/kernel" -S "$KREL" --show-depends "$m" | awk '$1 == "insmod" {print $2}' | while read -r ko; do
    cp "$ko" "$ROOT/lib/modules/"; basename "$ko" >> "$ROOT/etc/modules.order"; done
done
cat > "$ROOT/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "ventana: power button, shutting down" > /dev/ttyS0
exec /sbin/ventana-poweroff
EOF
cat > "$ROOT/sbin/ventana-poweroff" <<'EOF'
#!/bin/sh
# The one way the guest ends itself: the data disk unmounted first, so that it stays consistent.
# Package views hold it too, in mount namespaces of their own: every process goes first (from PID 1
# or the power button's handler: neither is killed; nor by the hang-up of a console it ran from).
trap '' HUP
if ls /run/ventana/views/*.pid >/dev/null 2>&1; then kill -KILL -1 2>/dev/null; sleep 0.5; fi
umount /data/.packages 2>/dev/null
umount /data 2>/dev/null
sync
poweroff -f
EOF
# Published applications (docs/session-host.md, "Published applications"): id|name|icon|command.
# publish_version copies them into the manifest; the init runs one when the kernel command line
# says ventana.app=<id>.
mkdir -p "$ROOT/etc/ventana"
cat > "$ROOT/etc/ventana/applications" <<'EOF'
shell|Shell|terminal|sh -l
EOF
cp "$ROOT/etc/ventana/applications" "$STAGING/applications"
# DHCP from QEMU's user-mode NAT: the address goes to the serial console, which tests read.
cat > "$ROOT/etc/udhcpc.script" <<'EOF'
#!/bin/sh
case "$1" in
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
    # QEMU's user-mode NAT maps the gateway's address to the host's own loopback, where the host's
    # local services listen: the guest may reach the world, not those (docs/session-host.md).
    [ -n "$router" ] && ip route add prohibit "${router%% *}/32"
    : > /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
    echo "ventana: $interface got $ip" > /dev/ttyS0 ;;
esac
EOF
chmod 0755 "$ROOT/etc/acpi/PWRF/00000080" "$ROOT/sbin/ventana-poweroff" "$ROOT/etc/udhcpc.script"
echo "ventana-tiny release $RELEASE" > "$ROOT/etc/ventana-release"
cat > "$ROOT/etc/profile" <<'EOF'
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
PS1='ventana# '
cd /root
EOF
install -m 0755 "$VENTANA_REPO/deploy/images/ventana-agent.sh" "$ROOT/sbin/ventana-agent"
# Application packages (docs/session-host.md, "Application packages"): the scripts shared with the
# office image. Their applications run as an unprivileged user, uid 1000 like the data disk's owner
# (guest.Disks), whose home is the data disk: so that a package's application really cannot write
# the base system or another package (root could, into its own layer), whereas the image's own
# shell stays root's, as before.
install -m 0755 "$VENTANA_REPO/deploy/images/ventana-packages.sh" "$ROOT/usr/local/sbin/ventana-packages"
for c in ventana-pkg-attach ventana-pkg-run ventana-launcher; do ln -s ventana-packages "$ROOT/usr/local/sbin/$c"; done
ln -s ../sbin/ventana-packages "$ROOT/usr/local/bin/ventana-launch"
cat > "$ROOT/etc/ventana/packages.conf" <<'EOF'
VENTANA_USER=user
VENTANA_HOME=/data
VENTANA_LAUNCH_OUTPUT=/dev/tty1
EOF
printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/data:/bin/sh\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nuser:x:1000:\n' > "$ROOT/etc/group"
cat > "$ROOT/sbin/init" <<'EOF'
#!/bin/sh
# PID 1 of the tiny guest: no init system, just what the tests and a person at the console
# need. The banner's first line holds every character the tests read off the screen, so they
# can learn the console font from it.
#
# Instant-on (docs/session-host.md, "Guest channel"): the boot stops where the guest waits for a
# user, and nothing of a user's session (data disk, packages, banner, shell or application on tty1)
# starts before the host says SESSION through the agent: a template saved there serves every user.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
mount -t tmpfs -o mode=0755 tmpfs /run
hostname ventana-tiny
for m in $(cat /etc/modules.order); do insmod /lib/modules/$m 2>/dev/null; done
n=0; while [ ! -e /dev/input/event0 ] && [ $n -lt 20 ]; do sleep 0.1; n=$((n + 1)); done
acpid -f -c /etc/acpi -l /dev/null >/dev/null 2>&1 &
echo "ventana: network interfaces: $(ls /sys/class/net | tr '\n' ' ')" > /dev/ttyS0
if [ -e /sys/class/net/eth0 ]; then
  ip link set lo up
  ip link set eth0 up
  udhcpc -i eth0 -b -q -t 10 -s /etc/udhcpc.script >/dev/null 2>&1
fi
app= template=
for w in $(cat /proc/cmdline); do
  case "$w" in ventana.app=*) app=${w#ventana.app=} ;; ventana.template=1) template=1 ;; esac
done
setsid -c sh -l </dev/ttyS0 >/dev/ttyS0 2>&1 &

# The data disk, by its label (guest.Disks makes it ventana-data): package disks on a cold boot's
# command line take PCI slots before the if=virtio disks, so it is not always /dev/vdb.
data_disk() { findfs LABEL=ventana-data 2>/dev/null; }

# $1: rw or ro (as the host asked; a read-only device is mounted read-only whatever it asked);
# $2: the device.
mount_data() {
  # A read-only data disk is shared with the guest that writes it: mounted without replaying
  # the writer's journal (noload), which a read-only mount could not do anyway.
  if [ "$1" = ro ] || [ "$(cat "/sys/class/block/${2##*/}/ro")" = 1 ]; then
    mount -t ext4 -o ro,noload "$2" /data && echo "ventana: data disk mounted read-only on /data" > /dev/ttyS0
  else
    mount -t ext4 "$2" /data && echo "ventana: data disk mounted read-write on /data" > /dev/ttyS0
  fi && return 0
  echo "ventana: data disk $2 not mountable" > /dev/ttyS0
  return 1
}

# The hand-over from the agent (see /sbin/ventana-agent): both FIFOs held open here, so that
# neither side's open or write ever blocks.
mkdir -p /run/ventana
mkfifo -m 0600 /run/ventana/session /run/ventana/started
exec 4<>/run/ventana/session 6<>/run/ventana/started
if [ -z "$template" ]; then
  # A cold boot from a host that never says SESSION (older than instant-on) still gets its
  # session, from the kernel command line and the disks present, as before.
  (sleep 30; mkdir /run/ventana/claimed 2>/dev/null && echo COLD > /run/ventana/session) \
    </dev/null >/dev/null 2>&1 4<&- 6<&- &
fi
/sbin/ventana-agent </dev/null >/dev/null 2>&1 4<&- 6<&- &
echo "ventana: waiting for a session${template:+ (template)}" > /dev/ttyS0
pkgs=
while read -r kind data name sapp spkgs <&4; do
  if [ "$kind" = COLD ]; then
    echo "ventana: no session asked for in 30 s: starting one" > /dev/ttyS0
    dev=$(data_disk) && mount_data rw "$dev"
    break
  fi
  [ "$kind" = SESSION ] || continue
  hostname "$name"
  app=; [ "$sapp" = - ] || app=$sapp
  pkgs=; [ "$spkgs" = - ] || pkgs=$spkgs
  [ "$data" = none ] && break
  # The host hot-plugs the data disk into a restored clone just before it speaks.
  end=$(awk '{printf "%d", $1 * 100 + 1000}' /proc/uptime)
  while ! dev=$(data_disk) && [ "$(awk '{printf "%d", $1 * 100}' /proc/uptime)" -lt "$end" ]; do sleep 0.05; done
  if [ -z "$dev" ]; then
    echo "ventana: no data disk after 10 s" > /dev/ttyS0
  elif mount_data "$data" "$dev"; then
    break
  fi
  echo "FAILED no-data-disk" >&6
done
exec 4<&-
# Application packages (docs/session-host.md, "Application packages"): their disks mounted, their
# applications listed in /run/ventana/applications, and the launcher ventana-launch talks to.
missing=
if [ -n "$pkgs" ]; then
  missing=$(ventana-pkg-attach "$pkgs")
  ventana-launcher </dev/null >/dev/null 2>&1 6<&- &
fi
# Tells the agent the session is on the screen (nothing to tell after the cold-boot fallback).
started() { [ "$kind" = SESSION ] && echo "STARTED${missing:+ packages-missing=$missing}" >&6; exec 6<&-; }

echo "ventana: $(cat /etc/ventana-release) up after $(cut -d' ' -f1 /proc/uptime)s" > /dev/ttyS0
printf '\033[2J\033[H' > /dev/tty1
echo 'abcdefghijklmnopqrstuvwxyz0123456789#$-_./=>:' > /dev/tty1
echo "$(cat /etc/ventana-release)" > /dev/tty1
# The message of the day, a file an admin may change in a maintenance guest: shown at every start,
# so that a test sees which version booted (docs/session-host.md, "Maintenance").
if [ -s /etc/ventana-motd ]; then
  cat /etc/ventana-motd > /dev/tty1
  echo "ventana: motd: $(cat /etc/ventana-motd)" > /dev/ttyS0
fi
if [ -n "$app" ]; then
  # A published application: it alone on the screen, and the guest ends when it exits. One of a
  # package runs in the package's view, as the user.
  cmd= pkg=
  case "$app" in *[!a-z0-9-]*) ;; *) cmd=$(awk -F'|' -v id="$app" '$1 == id {print $4}' /etc/ventana/applications) ;; esac
  if [ -z "$cmd" ] && [ -s /run/ventana/applications ]; then
    cmd=$(awk -F'|' -v id="$app" '$1 == id {print $4}' /run/ventana/applications)
    pkg=$(awk -F'|' -v id="$app" '$1 == id {print $5}' /run/ventana/applications)
  fi
  if [ -z "$cmd" ]; then
    echo "ventana: unknown application '$app': not in /etc/ventana/applications nor in an attached package; powering off" > /dev/ttyS0
    [ "$kind" = SESSION ] && echo "FAILED unknown-application" >&6
  else
    echo "ventana: application $app started${pkg:+ from package $pkg}" > /dev/ttyS0
    started
    if [ -n "$pkg" ]; then
      setsid -c ventana-pkg-run "$pkg" user sh -c "exec $cmd" </dev/tty1 >/dev/tty1 2>&1
    else
      setsid -c sh -c "$cmd" </dev/tty1 >/dev/tty1 2>&1
    fi
    echo "ventana: application $app exited; powering off" > /dev/ttyS0
  fi
  exec /sbin/ventana-poweroff
fi
started
while true; do setsid -c sh -l </dev/tty1 >/dev/tty1 2>&1; done
EOF
chmod 0755 "$ROOT/sbin/init"
find "$ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
make_ext4 "$ROOT" "$WORK/disk.raw" 64M ventana-sys
qemu-img convert -f raw -O qcow2 "$WORK/disk.raw" "$STAGING/base.qcow2"

echo "console=ttyS0 console=tty0 quiet" > "$STAGING/cmdline"
echo "720x400" > "$STAGING/screen"
# The init waits for the host's SESSION (instant-on): lib.sh's publish_version says so in the manifest.
: > "$STAGING/instant-on"
publish_version "$STAGING" "$KEY" "$KERNEL_PKG=$KERNEL_VER" "busybox-static=$BUSYBOX_VER" "release=$RELEASE"
trap 'rm -rf "$WORK"' EXIT
