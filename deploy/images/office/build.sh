#!/usr/bin/env bash
# Builds the office desktop guest with debootstrap from the Debian mirror this machine's apt
# already uses: Xorg (modesetting on QEMU's virtio-gpu), IceWM, xterm, Mousepad and feh, the
# SPICE guest agent (the clipboard, through QEMU's qemu-vdagent), a user account, and an init
# without systemd that starts the desktop when the host says SESSION on the guest channel (or 30 s
# into a cold boot without it), or one published application alone on the screen when the kernel
# command line says ventana.app=<id>; the application packages SESSION names, each application in its
# package's own view (docs/session-host.md, "Application packages"). About two minutes.
#
# Env: VENTANA_IMAGES_DIR (default <repo>/build/images), VENTANA_IMAGES_CACHE,
#      VENTANA_SET_CURRENT (yes|no). Prints the version directory; progress on stderr.
IMAGE_NAME=office
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SUITE=bookworm
PACKAGES=xserver-xorg-core,xserver-xorg-input-libinput,xserver-xorg-video-fbdev,x11-xserver-utils,xinit,icewm,xterm,mousepad,fonts-dejavu-core,xfonts-base,udev,kmod,procps,nano,dbus-x11,spice-vdagent,feh,xclip,squashfs-tools
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
# QEMU's virtio-gpu (or bochs display) under emulation: no GPU acceleration to find.
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
# The clipboard's X side is started by the session scripts, in the desktop and in a published
# application alike; its XDG autostart entry would start a second one in the desktop, and the
# daemon disables the clipboard of a session with two ("multiple agents in one session").
rm -f "$ROOT/etc/xdg/autostart/spice-vdagent.desktop"
# Selecting text in xterm copies it to the clipboard (not only the primary selection), which the
# guest's clipboard agent passes on to the browser, as users of a remote desktop expect.
echo 'XTerm*selectToClipboard: true' >> "$ROOT/etc/X11/app-defaults/XTerm"
cp -a "$ROOT/etc/skel/.icewm" "$ROOT/home/user/" && chroot "$ROOT" chown -R user:user /home/user
cat > "$ROOT/usr/local/bin/ventana-session" <<'EOF'
#!/bin/sh
# The user's X session, started by xinit as root: drop to the user. A maintenance guest (the host
# adds ventana.maintenance=1 to the kernel command line) is an admin changing the image: the
# desktop stays root's, so that apt-get works in its terminal (docs/session-host.md, "Maintenance").
if grep -qw 'ventana.maintenance=1' /proc/cmdline; then
  echo "ventana: maintenance desktop as root" > /dev/ttyS0
  # A root terminal open from the start: what the admin came for.
  HOME=/root xterm -geometry 100x30+40+40 &
  spice-vdagent -x >>/tmp/spice-vdagent.log 2>&1 &
  exec env HOME=/root USER=root LOGNAME=root SHELL=/bin/bash DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" \
    dbus-launch --exit-with-session icewm-session
fi
# A packaging guest (ventana.packaging=1) is an admin making an application package: the same root
# desktop, but every process of it in the capture (ventana-pkg-capture), whose changes land in the
# layer on the scratch disk that the seal turns into the package (docs/session-host.md, "Packaging").
if grep -qw 'ventana.packaging=1' /proc/cmdline; then
  if ! ventana-pkg-capture true 2>/dev/null; then
    echo "ventana: packaging without a capture (no scratch disk?): no desktop" > /dev/ttyS0
    exec xterm -geometry 100x10+40+40 -e sh -c 'echo "No packaging: the scratch disk is missing (see the serial console)."; exec sleep infinity'
  fi
  echo "ventana: packaging desktop as root, in the capture" > /dev/ttyS0
  exec ventana-pkg-capture env HOME=/root USER=root LOGNAME=root SHELL=/bin/bash DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" \
    sh -c 'cd /root; xterm -geometry 100x30+40+40 & spice-vdagent -x >>/tmp/spice-vdagent.log 2>&1 & exec dbus-launch --exit-with-session icewm-session'
fi
# The clipboard's X side; the guest's side is spice-vdagentd, started by the init. Its complaints
# go to /tmp/spice-vdagent.log.
runuser -u user -- env DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" spice-vdagent -x >>/tmp/spice-vdagent.log 2>&1 &
exec runuser -u user -- env HOME=/home/user USER=user LOGNAME=user SHELL=/bin/bash \
  DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" dbus-launch --exit-with-session icewm-session
EOF
cat > "$ROOT/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "ventana: power button, shutting down" > /dev/ttyS0
exec /usr/local/sbin/ventana-poweroff
EOF
mkdir -p "$ROOT/usr/local/sbin"
cat > "$ROOT/usr/local/sbin/ventana-poweroff" <<'EOF'
#!/bin/sh
# The one way the guest ends itself (power button, or the published application exited): the
# session's processes go first, so that the data disk unmounts cleanly.
pkill -TERM -x Xorg; pkill -TERM -u user; sleep 1; pkill -KILL -u user
# Package views hold the data disk in mount namespaces of their own: their holders (root's) go too.
for f in /run/ventana/views/*.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done
sync; umount /home/user/.packages 2>/dev/null; umount /home/user 2>/dev/null; sync
busybox poweroff -f
EOF
# Published applications (docs/session-host.md, "Published applications"): id|name|icon|command.
# publish_version copies them into the manifest; ventana-init runs one alone on the screen when
# the kernel command line says ventana.app=<id>.
mkdir -p "$ROOT/etc/ventana/icewm-app"
cat > "$ROOT/etc/ventana/applications" <<'EOF'
editor|Text editor|editor|mousepad
terminal|Terminal|terminal|xterm
EOF
cp "$ROOT/etc/ventana/applications" "$STAGING/applications"
# IceWM for one application: no taskbar, no menus, no key that opens, hides or switches windows
# (the application could not be got back without a taskbar). The application's own keys, and
# Alt+F4 to close it, still work. Empty keys/menu/toolbar files hide the system-wide ones.
cat > "$ROOT/etc/ventana/icewm-app/preferences" <<'EOF'
ShowTaskBar=0
# Maximized means the whole screen, not the nearest multiple of xterm's character cell.
ConsiderSizeHintsMaximized=0
UseRootButtons=0
DesktopMenuButton=0
DesktopWinListButton=0
DesktopWinMenuButton=0
QuickSwitch=0
FocusOnMap=1
FocusOnMapTransient=1
WorkspaceNames=" 1 "
KeySysAddressBar=""
KeySysArrange=""
KeySysArrangeIcons=""
KeySysCascade=""
KeySysCollapseTaskBar=""
KeySysDialog=""
KeySysHideAll=""
KeySysMenu=""
KeySysMinimizeAll=""
KeySysShowDesktop=""
KeySysSwitchClass=""
KeySysSwitchLast=""
KeySysSwitchNext=""
KeySysTileHorizontal=""
KeySysTileVertical=""
KeySysUndoArrange=""
KeySysWinMenu=""
KeySysWinNext=""
KeySysWinPrev=""
KeySysWindowList=""
KeySysWorkspace1=""
KeySysWorkspace2=""
KeySysWorkspace3=""
KeySysWorkspace4=""
KeySysWorkspaceNext=""
KeySysWorkspacePrev=""
KeySysWorkspaceLast=""
KeyWinFullscreen=""
KeyWinHide=""
KeyWinLower=""
KeyWinMaximize=""
KeyWinMaximizeVert=""
KeyWinMenu=""
KeyWinMinimize=""
KeyWinMove=""
KeyWinOccupyAll=""
KeyWinRestore=""
KeyWinRollup=""
KeyWinSize=""
EOF
for f in keys menu toolbar programs winoptions; do : > "$ROOT/etc/ventana/icewm-app/$f"; done
cat > "$ROOT/usr/local/bin/ventana-app-session" <<'EOF'
#!/bin/sh
# The X session of one published application, started by xinit as root: drop to the user. The
# serial console stays open on fd 3 for the progress lines (the user cannot open it).
app=$1
cmd=$(awk -F'|' -v id="$app" '$1 == id {print $4}' /etc/ventana/applications)
# An application of a package (docs/session-host.md, "Application packages"): the whole session, as
# the user, in the package's view.
as_user="runuser -u user --"
if [ -z "$cmd" ] && [ -s /run/ventana/applications ]; then
  cmd=$(awk -F'|' -v id="$app" '$1 == id {print $4}' /run/ventana/applications)
  as_user="ventana-pkg-run $(awk -F'|' -v id="$app" '$1 == id {print $5}' /run/ventana/applications) user"
fi
exec $as_user env HOME=/home/user USER=user LOGNAME=user SHELL=/bin/bash DISPLAY="$DISPLAY" \
  XAUTHORITY="$XAUTHORITY" ICEWM_PRIVCFG=/etc/ventana/icewm-app dbus-launch --exit-with-session /usr/local/bin/ventana-app-run "$app" "$cmd" \
  3>/dev/ttyS0
EOF
cat > "$ROOT/usr/local/bin/ventana-app-run" <<'EOF'
#!/bin/sh
# As the user: a bare IceWM, then the application maximized without decorations (a hint for its
# first window only, so that its dialogs keep their frames). The session ends when it exits.
app=$1 cmd=$2
xset s off -dpms
spice-vdagent -x >>/tmp/spice-vdagent.log 2>&1 &
icewm >/dev/null 2>&1 3>&- &
# icesh check (IceWM 3.3) names the window manager once it runs, but exits 1 all the same.
n=0; until icesh check 2>/dev/null | grep -q '^Name:' || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
name=${cmd%% *}; name=${name##*/}
icewmhint "$name" startMaximized 1 "$name" dTitleBar 0 "$name" dBorder 0 "$name" dMinimize 0 \
  "$name" dMaximize 0 "$name" dRollup 0 "$name" dHide 0 "$name" fMove 1 "$name" fResize 1
cd "$HOME"
sh -c "exec $cmd" 3>&- &
pid=$!
n=0; until icesh -c "$name" list 2>/dev/null | grep -q . || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
echo "ventana: application $app started" >&3
wait $pid
echo "ventana: application $app exited with status $?" >&3
EOF
# A picture for the display benchmark's picture workload (bench/display): smooth gradients and
# grain, as a photo has, which no two-colour or palette encoding can take.
mkdir -p "$ROOT/usr/share/ventana"
python3 - "$ROOT/usr/share/ventana/picture.ppm" <<'PY'
import math, random, sys
w, h = 640, 480
rnd = random.Random(13)
px = bytearray()
for y in range(h):
    for x in range(w):
        r = 128 + 100 * math.sin(x / 53.0) * math.cos(y / 71.0)
        g = 128 + 90 * math.sin((x + y) / 97.0)
        b = 128 + 110 * math.cos(math.hypot(x - 320, y - 240) / 40.0)
        px += bytes(max(0, min(255, int(c + rnd.gauss(0, 9)))) for c in (r, g, b))
open(sys.argv[1], "wb").write(b"P6 %d %d 255\n" % (w, h) + px)
PY
# The guest channel's DISPLAY-SIZE (docs/session-host.md, "Resize"): the X screen takes the
# viewer's size. Any size, not only the display's EDID list: a mode is made for it (reduced
# blanking timings; a virtual display takes whatever it is given).
cat > "$ROOT/usr/local/sbin/ventana-display-size" <<'EOS'
#!/bin/sh
# ventana-display-size <width>x<height>: prints ok, or why not (one word).
case "$1" in [1-9]*x[1-9]*) ;; *) echo invalid; exit 1 ;; esac
case "$1" in *[!0-9x]*|*x*x*) echo invalid; exit 1 ;; esac
w=${1%x*} h=${1#*x}
export DISPLAY=:0 XAUTHORITY=/run/ventana/Xauthority
out=$(xrandr --query 2>/dev/null | awk '$2 == "connected" {print $1; exit}')
[ -n "$out" ] || { echo no-desktop; exit 1; }
mode="ventana-${w}x${h}"
if ! xrandr --query | grep -q "^ *$mode "; then
  clock=$(( (w + 160) * (h + 30) * 60 / 1000 ))
  xrandr --newmode "$mode" "$(( clock / 1000 )).$(printf %03d $(( clock % 1000 )))" \
    "$w" $((w + 48)) $((w + 80)) $((w + 160)) "$h" $((h + 3)) $((h + 9)) $((h + 30)) +hsync -vsync 2>/dev/null
  xrandr --addmode "$out" "$mode" 2>/dev/null || { echo refused; exit 1; }
fi
xrandr --output "$out" --mode "$mode" 2>/dev/null || { echo refused; exit 1; }
echo ok
EOS
# The guest channel's agent (docs/session-host.md, "Guest channel"), shared with the tiny image.
install -m 0755 "$VENTANA_REPO/deploy/images/ventana-agent.sh" "$ROOT/usr/local/sbin/ventana-agent"
# Application packages (docs/session-host.md, "Application packages"): the scripts shared with the
# tiny image, the mount point of the views, and IceWM's menu, which lists the packages' applications
# the init writes to /run/ventana/icewm-menu (each "ventana-launch <id>").
install -m 0755 "$VENTANA_REPO/deploy/images/ventana-packages.sh" "$ROOT/usr/local/sbin/ventana-packages"
for c in ventana-pkg-attach ventana-pkg-run ventana-launcher ventana-pkg-capture ventana-pkg-scan ventana-pkg-seal; do
  ln -s ventana-packages "$ROOT/usr/local/sbin/$c"
done
ln -s ../sbin/ventana-packages "$ROOT/usr/local/bin/ventana-launch"
cat > "$ROOT/etc/ventana/packages.conf" <<'EOF'
VENTANA_USER=user
VENTANA_HOME=/home/user
VENTANA_LAUNCH_OUTPUT=/tmp/ventana-launch.log
EOF
# The mount points of the views and of a packaging guest's scratch disk.
mkdir -p "$ROOT/var/lib/ventana-view" "$ROOT/var/lib/ventana-packaging" "$ROOT/etc/X11/icewm"
{ cat "$ROOT/usr/share/icewm/menu"; echo 'separator'; echo 'includeprog cat /run/ventana/icewm-menu'; } > "$ROOT/etc/X11/icewm/menu"
cat > "$ROOT/sbin/ventana-init" <<'EOF'
#!/bin/sh
# PID 1 without systemd: devices and the network, then it waits for the host's SESSION on the
# guest channel (docs/session-host.md, "Guest channel"), then the user's data disk as their home,
# and the desktop. Nothing of a user's session (X, its cookie, dbus, the data disk) starts before
# SESSION: a template saved while it waits serves every user (instant-on).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs tmpfs /tmp
chmod 1777 /tmp /dev/shm
hostname ventana
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle --timeout=20
busybox acpid -f -c /etc/acpi -l /dev/null >/dev/null 2>&1 &
# Outbound networking, when the host gave the guest a NIC (QEMU's user-mode NAT).
for nic in $(ls /sys/class/net); do
  [ "$nic" = lo ] && continue
  busybox ip link set "$nic" up
  busybox udhcpc -i "$nic" -b -q -t 10 -s /etc/ventana/udhcpc.script >/dev/null 2>&1
done
busybox ip link set lo up
app= template= maintenance= packaging=
for w in $(cat /proc/cmdline); do
  case "$w" in
    ventana.app=*) app=${w#ventana.app=} ;;
    ventana.template=1) template=1 ;;
    ventana.maintenance=1) maintenance=1 ;;
    ventana.packaging=1) packaging=1 ;;
  esac
done
# A packaging guest: the scratch disk's file system and the capture, before anything of the
# session (docs/session-host.md, "Packaging"). What is wrong is said on the serial console.
[ -n "$packaging" ] && ventana-pkg-capture --start </dev/null >/dev/null 2>&1
# A root shell on the serial console, for tests and whoever runs the host.
setsid -c /bin/bash -l </dev/ttyS0 >/dev/ttyS0 2>&1 &

set_name() {
  hostname "$1"
  # A maintenance guest's system disk becomes the image's next version: its files keep the
  # image's own name.
  # A packaging guest's root file system is the capture's lower layer: not changed under it.
  [ -n "$maintenance$packaging" ] && return 0
  echo "$1" > /etc/hostname
  sed -i "s/^127\.0\.1\.1[[:space:]].*/127.0.1.1 $1/" /etc/hosts
}

# The data disk, by its label (guest.Disks makes it ventana-data): package disks on a cold boot's
# command line take PCI slots before the if=virtio disks, so it is not always /dev/vdb.
data_disk() { busybox findfs LABEL=ventana-data 2>/dev/null; }

# $1: rw or ro (as the host asked; a read-only device is mounted read-only whatever it asked);
# $2: the device.
mount_data() {
  if [ "$1" = ro ] || [ "$(cat "/sys/class/block/${2##*/}/ro")" = 1 ]; then
    # Another guest of the user writes the disk: mounted read-only without replaying its journal
    # (noload), and the user's files are seen as they were last written back.
    if mount -t ext4 -o ro,noload "$2" /home/user; then
      echo "ventana: data disk mounted read-only" > /dev/ttyS0
      return 0
    fi
  elif mount -t ext4 "$2" /home/user; then
    echo "ventana: data disk mounted read-write" > /dev/ttyS0
    # A new data disk is empty: give it the skeleton once; later boots keep the user's files.
    if [ ! -e /home/user/.ventana-home ]; then
      cp -a /etc/skel/. /home/user/ && touch /home/user/.ventana-home
      chown -R user:user /home/user
    fi
    return 0
  fi
  echo "ventana: data disk $2 not mountable" > /dev/ttyS0
  return 1
}

# The hand-over from the agent (see /usr/local/sbin/ventana-agent): both FIFOs held open here,
# so that neither side's open or write ever blocks.
mkdir -p /run/ventana
mkfifo -m 0600 /run/ventana/session /run/ventana/started
exec 4<>/run/ventana/session 6<>/run/ventana/started
if [ -z "$template" ]; then
  # A cold boot from a host that never says SESSION (older than instant-on) still gets its
  # desktop, from the kernel command line and the disks present, as before.
  (sleep 30; mkdir /run/ventana/claimed 2>/dev/null && echo COLD > /run/ventana/session) \
    </dev/null >/dev/null 2>&1 4<&- 6<&- &
fi
/usr/local/sbin/ventana-agent </dev/null >/dev/null 2>&1 4<&- 6<&- &
echo "ventana: waiting for a session${template:+ (template)}" > /dev/ttyS0
pkgs=
while read -r kind data name sapp spkgs <&4; do
  if [ "$kind" = COLD ]; then
    echo "ventana: no session asked for in 30 s: starting one" > /dev/ttyS0
    dev=$(data_disk) && mount_data rw "$dev"
    break
  fi
  [ "$kind" = SESSION ] || continue
  set_name "$name"
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
# applications listed in /run/ventana/applications and in IceWM's menu, and the launcher the
# menu's entries (ventana-launch <id>) talk to.
missing=
if [ -n "$pkgs" ]; then
  missing=$(ventana-pkg-attach "$pkgs")
  awk -F'|' '{gsub(/"/, "", $2); printf "prog \"%s\" - ventana-launch %s\n", $2, $1}' /run/ventana/applications \
    > /run/ventana/icewm-menu
  printf 'DISPLAY=:0\nXAUTHORITY=/run/ventana/Xauthority\n' > /run/ventana/session.env
  ventana-launcher </dev/null >/dev/null 2>&1 6<&- &
fi
echo "ventana: office up after $(cut -d' ' -f1 /proc/uptime)s" > /dev/ttyS0
# The session's own X cookie, drawn now: one drawn before SESSION would be the same in every
# clone of a template. Root's shell on the serial console reads it with
# xauth -f /run/ventana/Xauthority list.
export XAUTHORITY=/run/ventana/Xauthority
xauth -q -f "$XAUTHORITY" add :0 . "$(mcookie)"
chown user:user "$XAUTHORITY"; chmod 0600 "$XAUTHORITY"
# The clipboard's guest side, on QEMU's qemu-vdagent port (the host adds it); without logind (-X)
# it serves the one X session there is. Started with the session, so no template holds it.
# Its socket's directory is systemd-tmpfiles' to make elsewhere, and it will not run without the
# uinput device (which nothing else here loads), even though the host never sends it the mouse.
# A restored clone's port is plugged in just before SESSION (a template cannot have it): udev makes
# its name within a moment.
end=$(awk '{printf "%d", $1 * 100 + 200}' /proc/uptime)
while [ ! -e /dev/virtio-ports/com.redhat.spice.0 ] && [ "$(awk '{printf "%d", $1 * 100}' /proc/uptime)" -lt "$end" ]; do
  sleep 0.05
done
if [ -e /dev/virtio-ports/com.redhat.spice.0 ]; then
  mkdir -p /run/spice-vdagentd
  modprobe uinput
  # In the foreground of a job of its own, so that what it says lands in its log.
  spice-vdagentd -X -x >>/var/log/spice-vdagentd.log 2>&1 &
fi
X="/usr/bin/Xorg :0 vt1 -auth $XAUTHORITY -nolisten tcp -novtswitch"

# Tells the agent once X accepts connections (nothing to tell after the cold-boot fallback).
x_started() {
  if [ "$kind" = SESSION ]; then
    (n=0; until xset -display :0 q >/dev/null 2>&1 || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
     echo "STARTED${missing:+ packages-missing=$missing}" >&6) </dev/null >/dev/null 2>&1 &
  fi
  exec 6<&-
}
if [ -n "$app" ]; then
  # One published application alone on the screen; the guest ends when it exits.
  known=
  case "$app" in
    *[!a-z0-9-]*) ;;
    *) known=$(cat /etc/ventana/applications /run/ventana/applications 2>/dev/null | awk -F'|' -v id="$app" '$1 == id {print $1}') ;;
  esac
  if [ -z "$known" ]; then
    echo "ventana: unknown application '$app': not in /etc/ventana/applications nor in an attached package; powering off" > /dev/ttyS0
    [ "$kind" = SESSION ] && echo "FAILED unknown-application" >&6
  else
    x_started
    xinit /usr/local/bin/ventana-app-session "$app" -- $X > /var/log/ventana-x.log 2>&1
    echo "ventana: application $app ended; powering off" > /dev/ttyS0
  fi
  exec /usr/local/sbin/ventana-poweroff
fi
x_started
while true; do
  xinit /usr/local/bin/ventana-session -- $X > /var/log/ventana-x.log 2>&1
  sleep 2
done
EOF
cat > "$ROOT/etc/ventana/udhcpc.script" <<'EOF'
#!/bin/sh
# busybox udhcpc's hook: the lease from QEMU's user-mode NAT (docs/session-host.md, "network").
case "$1" in
  bound|renew)
    busybox ip addr flush dev "$interface"
    busybox ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "$router" ] && busybox ip route add default via "${router%% *}" dev "$interface"
    # QEMU's user-mode NAT maps the gateway's address to the host's own loopback, where the host's
    # local services listen: the guest may reach the world, not those (docs/session-host.md).
    [ -n "$router" ] && busybox ip route add prohibit "${router%% *}/32"
    : > /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
    echo "ventana: $interface got $ip" > /dev/ttyS0 ;;
esac
EOF
chmod 0755 "$ROOT/usr/local/bin/ventana-session" "$ROOT/etc/acpi/PWRF/00000080" "$ROOT/sbin/ventana-init" \
  "$ROOT/usr/local/sbin/ventana-poweroff" "$ROOT/usr/local/sbin/ventana-display-size" "$ROOT/usr/local/bin/ventana-app-session" "$ROOT/usr/local/bin/ventana-app-run" \
  "$ROOT/etc/ventana/udhcpc.script"

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
# ventana-init waits for the host's SESSION (instant-on): lib.sh's publish_version says so in the manifest.
: > "$STAGING/instant-on"
# X on modesetting flushes each damage to the virtio-gpu, which QEMU's D-Bus display passes on
# at once: key to screen without the VNC server's 30 ms refresh timer (docs/session-host.md).
echo virtio-dbus > "$STAGING/display"
publish_version "$STAGING" "$KEY" "mirror=$MIRROR" "$KERNEL_PKG=$KERNEL_VER" "busybox-static=$BUSYBOX_VER" "${VERSIONS[@]}"
trap 'rm -rf "$WORK"' EXIT
