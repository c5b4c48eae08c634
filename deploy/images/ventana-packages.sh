#!/bin/sh
# Application packages in the guest (docs/session-host.md, "Application packages"), shared by the
# tiny (busybox ash) and office (dash) images: one file, installed under four names.
#
#   ventana-pkg-attach <name@id>[,<name@id>...]   root (the init, at SESSION): mounts each package's
#       disk (a read-only virtio disk whose serial is the package version's id) on
#       /run/ventana/packages/<name>, lists its applications in /run/ventana/applications
#       (id|name|icon|command|package), says what it did on the serial console, and prints the
#       names of the packages it could not attach, comma-separated.
#   ventana-pkg-run <package> <user|root> <command...>   root: runs the command in the package's
#       own view of the file system, as the session's user (or root, for tests).
#   ventana-launcher   root, one per session: starts the package applications whose ids users write
#       to the FIFO /run/ventana/launch.
#   ventana-launch <application id>   anyone: asks the launcher to start one.
#
# A packaging guest (office, kernel command line ventana.packaging=1: docs/session-host.md,
# "Packaging"), all root:
#   ventana-pkg-capture [command...]   runs the command (default a login shell) in the capture: the
#       view whose every change lands in the layer on the scratch disk, never on the system disk.
#       The init's first call (ventana-pkg-capture --start) makes the scratch disk's file system
#       and the capture's holder; the desktop and an admin's shell join it.
#   ventana-pkg-scan   the guest channel's PACKAGE-SCAN: the layer's new desktop entries.
#   ventana-pkg-seal <applications file>   PACKAGE-SEAL: the layer as a squashfs on the output disk.
#
# /etc/ventana/packages.conf names the image's unprivileged user (VENTANA_USER), the user's home,
# which is the data disk's mount point (VENTANA_HOME), and where a launched application's output
# goes (VENTANA_LAUNCH_OUTPUT).
set -u
run=/run/ventana
VENTANA_USER=user VENTANA_HOME=/home/user VENTANA_LAUNCH_OUTPUT=/dev/null
[ -r /etc/ventana/packages.conf ] && . /etc/ventana/packages.conf
console() { echo "ventana: $*" > /dev/ttyS0; }
fail() { echo "${0##*/}: $*" >&2; exit 1; }
valid_name() { case "$1" in [a-z]*) ;; *) return 1 ;; esac; case "$1" in *[!a-z0-9-]*) return 1 ;; esac; [ ${#1} -le 32 ]; }
centis() { awk '{printf "%d", $1 * 100}' /proc/uptime; }
mounted() { awk -v m="$1" '$2 == m {f = 1} END {exit !f}' /proc/mounts; }

# The block device whose virtio serial is $1, by sysfs (tiny has no udev).
disk_with_serial() {
  for d in /sys/block/vd*; do
    [ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] && [ -b "/dev/${d##*/}" ] && { echo "/dev/${d##*/}"; return 0; }
  done
  return 1
}

attach() {
  mkdir -p "$run/packages"
  touch "$run/applications"
  missing=
  # The disks of a cold boot are there already; a restored clone's are hot-plugged just before
  # SESSION: one wait of at most 10 s for all of them (they are plugged together).
  end=$(( $(centis) + 1000 ))
  for p in $(echo "$1" | tr ',' ' '); do
    name=${p%%@*} id=${p#*@}
    why=
    # The agent checked SESSION's shape; this is for a hand-typed call.
    case "$id" in ''|*[!0-9a-f]*) id= ;; esac
    if ! valid_name "$name" || [ -z "$id" ]; then console "package '$p' missing: not <name>@<id>"; continue; fi
    while ! dev=$(disk_with_serial "$id") && [ "$(centis)" -lt "$end" ]; do sleep 0.05; done
    dir=$run/packages/$name
    if [ -z "$dev" ]; then
      why="no disk with serial $id"
    elif mounted "$dir"; then
      why="already attached"
    else
      mkdir -p "$dir"
      why=$(mount -t squashfs -o ro,nosuid,nodev "$dev" "$dir" 2>&1 >/dev/null) && why=
      [ -z "$why" ] || why="$dev does not mount: $(echo "$why" | head -n 1)"
    fi
    if [ -n "$why" ]; then
      console "package $name missing: $why"
      missing=${missing:+$missing,}$name
      continue
    fi
    console "package $name attached"
    # Its applications: id|name|icon|command lines (deploy/packages/make.sh); an id the image or an
    # earlier package has already is left out (the server keeps a pool's ids unique).
    list=$dir/etc/ventana/package/applications
    [ -f "$list" ] || { console "package $name has no applications"; continue; }
    while IFS='|' read -r aid aname aicon acmd extra; do
      [ -n "$aid" ] || continue
      if ! valid_name "$aid" || [ -n "$extra" ] || [ -z "$aname" ] || [ -z "$acmd" ]; then
        console "package $name: bad application line left out"
      elif awk -F'|' -v id="$aid" '$1 == id {f = 1} END {exit !f}' /etc/ventana/applications "$run/applications"; then
        console "package $name: application $aid left out: its id is taken"
      else
        echo "$aid|$aname|$aicon|$acmd|$name" >> "$run/applications"
      fi
    done < "$list"
  done
  echo "$missing"
}

# The per-user, per-package layers: on the data disk when it is mounted read-write, else (no data
# disk, or the user's second session, which has it read-only) in memory, lost at logoff.
layers_dir() {
  if awk -v m="$VENTANA_HOME" '$2 == m && ($4 == "rw" || $4 ~ /^rw,/) {f = 1} END {exit !f}' /proc/mounts; then
    echo "$VENTANA_HOME/.packages"
  else
    echo "$run/layers"
  fi
}

# Starts the process that holds package $1's view (its mount namespace) for the session: each
# (user, package) has one upper directory, and overlayfs must not have two mounts on one (undefined
# for files both write), so every start of the package's applications joins this one view.
start_view() {
  name=$1 pkg=$run/packages/$1 view=/var/lib/ventana-view
  layers=$(layers_dir)
  # Root's, 0700: the user's other programs, and other packages' views (which see the same home),
  # can neither read nor change a layer. The user owns the data disk's top directory, so could have
  # put a link or a directory of their own there (moved aside, never followed), or could rename
  # ours away and put theirs in its place: once checked, it is bound onto itself, and a mount point
  # cannot be renamed (EBUSY), here nor in the views, whose namespaces are copies of this one.
  if ! mounted "$layers"; then
    if [ -L "$layers" ] || { [ -e "$layers" ] && [ "$(stat -c %u "$layers")" != 0 ]; }; then
      console "$layers was not root's: moved aside"
      mv "$layers" "$layers.refused-$(date +%s)"
    fi
    mkdir -p "$layers"; chown 0:0 "$layers"; chmod 0700 "$layers"
    mount -o bind "$layers" "$layers"
  fi
  # What got bound must still be ours (the user may have swapped it before the bind).
  [ ! -L "$layers" ] && [ "$(stat -c %u:%a "$layers")" = 0:700 ] \
    || { umount "$layers"; echo "$layers changed under us" >&2; return 1; }
  mkdir -p "$layers/$name/upper" "$layers/$name/work" "$view"
  rm -f "$run/views/$name.pid"
  unshare -m --propagation private sh -c '
    set -e
    name=$1 pkg=$2 layers=$3 view=$4 home=$5 run=$6
    # The package over the base system, both read-only; the user layer on top. nosuid, nodev: a
    # package brings no set-uid program and no device.
    mount -t overlay overlay -o "nosuid,nodev,lowerdir=$pkg:/,upperdir=$layers/$name/upper,workdir=$layers/$name/work" "$view"
    # The overlay holds the root file system only: the kernel and session file systems come in as
    # they are (the X socket is in /tmp, its cookie in /run), and the home, which is the data
    # disk: files the user saves there are seen by every application.
    for m in /proc /sys /dev /run /tmp "$home"; do mount -o rbind "$m" "$view$m"; done
    # No other package is seen.
    mount -t tmpfs -o ro,nosuid,nodev,size=4k,mode=0755 none "$view$run/packages"
    exec chroot "$view" /bin/sh -c "echo \$\$ > $run/views/$name.pid.new && mv $run/views/$name.pid.new $run/views/$name.pid && cd / && exec sleep infinity"
  ' ventana-view "$name" "$pkg" "$layers" "$view" "$VENTANA_HOME" "$run" </dev/null >/dev/null 2>"$run/views/$name.err" &
  holder=$!
  n=0
  while [ ! -s "$run/views/$name.pid" ]; do
    kill -0 "$holder" 2>/dev/null || return 1
    [ $n -lt 200 ] || { kill "$holder"; return 1; }
    sleep 0.05; n=$((n + 1))
  done
}

run_in_view() {
  [ $# -ge 3 ] || fail "usage: ventana-pkg-run <package> <user|root> <command...>"
  name=$1 who=$2; shift 2
  valid_name "$name" || fail "bad package name '$name'"
  case "$who" in user|root) ;; *) fail "who must be user or root" ;; esac
  [ "$(id -u)" = 0 ] || fail "must run as root"
  mounted "$run/packages/$name" || fail "package $name is not attached"
  mkdir -p "$run/views"
  # One start at a time makes or finds the view (mkdir is atomic; busybox has no flock).
  n=0
  until mkdir "$run/views/$name.lock" 2>/dev/null; do
    [ $n -lt 200 ] || { rmdir "$run/views/$name.lock" 2>/dev/null; n=0; }
    sleep 0.05; n=$((n + 1))
  done
  pid=$(cat "$run/views/$name.pid" 2>/dev/null || true)
  if [ -z "$pid" ] || [ ! -d "/proc/$pid" ] || [ "$(readlink "/proc/$pid/ns/mnt")" = "$(readlink /proc/self/ns/mnt)" ]; then
    if ! start_view "$name"; then
      rmdir "$run/views/$name.lock"
      console "package $name: no view: $(head -n 1 "$run/views/$name.err" 2>/dev/null)"
      fail "cannot make package $name's view: $(cat "$run/views/$name.err" 2>/dev/null)"
    fi
    pid=$(cat "$run/views/$name.pid")
  fi
  rmdir "$run/views/$name.lock"
  # Into the view: its mount namespace, its root (the holder's chroot) and directory.
  if [ "$who" = root ]; then exec nsenter -t "$pid" -m -r -w "$@"; fi
  # As the user, in the home: runuser where there is one (office), else nsenter's own switch
  # (busybox: its su would take the command's options for its own).
  set -- env HOME="$VENTANA_HOME" USER="$VENTANA_USER" LOGNAME="$VENTANA_USER" sh -c 'cd "$HOME" 2>/dev/null; exec "$@"' sh "$@"
  if command -v runuser >/dev/null; then exec nsenter -t "$pid" -m -r -w runuser -u "$VENTANA_USER" -- "$@"; fi
  exec nsenter -t "$pid" -m -r -w -S "$(id -u "$VENTANA_USER")" -G "$(id -g "$VENTANA_USER")" "$@"
}

launcher() {
  fifo=$run/launch
  [ -p "$fifo" ] || mkfifo "$fifo"
  # The user may write the FIFO, not read it (nor take another's request).
  chmod 0622 "$fifo"
  exec 3<>"$fifo"
  while read -r id <&3; do
    case "$id" in ''|*[!a-z0-9-]*) continue ;; esac
    line=$(awk -F'|' -v id="$id" '$1 == id && NF == 5' "$run/applications")
    if [ -z "$line" ]; then console "launch refused: unknown application '$id'"; continue; fi
    cmd=$(echo "$line" | cut -d'|' -f4) pkg=$(echo "$line" | cut -d'|' -f5)
    console "launching $id from package $pkg"
    # The session's environment (office: DISPLAY, XAUTHORITY), then the user's command as the
    # package's list gives it.
    (
      if [ -r "$run/session.env" ]; then set -a; . "$run/session.env"; set +a; fi
      ventana-pkg-run "$pkg" user sh -c "exec $cmd"
      console "application $id from package $pkg exited with status $?"
    ) </dev/null >>"$VENTANA_LAUNCH_OUTPUT" 2>&1 3<&- &
  done
}

launch() {
  case "${1:-}" in ''|*[!a-z0-9-]*) echo "usage: ventana-launch <application id>" >&2; exit 2 ;; esac
  [ -p "$run/launch" ] || fail "no package launcher in this session"
  # One short line: written whole into the FIFO.
  echo "$1" > "$run/launch"
}

# ---- Packaging (ventana.packaging=1). The scratch disk (serial ventana-scratch, empty: ext4 made
# here) holds the capture's layer: upper/ and work/ of an overlay whose lower layer is the root file
# system; the output disk (serial ventana-output) gets the sealed squashfs from offset 0.
scratch=/var/lib/ventana-packaging
capture_pid() {
  pid=$(cat "$run/packaging.pid" 2>/dev/null) && [ -n "$pid" ] && [ -d "/proc/$pid" ] \
    && [ "$(readlink "/proc/$pid/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ]
}

capture_start() {
  grep -qw 'ventana.packaging=1' /proc/cmdline || fail "not a packaging guest"
  capture_pid && return 0
  if ! mounted "$scratch"; then
    dev=$(disk_with_serial ventana-scratch) || { console "packaging: no scratch disk (serial ventana-scratch)"; fail "no scratch disk"; }
    # Thrown away with the guest: no journal, and no background zeroing of the inode tables, which
    # would fill the host's sparse file with zeros.
    mkfs.ext4 -q -F -O ^has_journal -E nodiscard,lazy_itable_init=1 -L ventana-scratch "$dev" \
      && mkdir -p "$scratch" && mount -t ext4 -o noinit_itable "$dev" "$scratch" \
      || { console "packaging: $dev: no file system"; fail "cannot make the scratch disk's file system"; }
  fi
  mkdir -p "$scratch/upper" "$scratch/work" "$scratch/root" "$run"
  rm -f "$run/packaging.pid"
  # One overlay on the upper directory for the guest's life (two would be undefined): a holder keeps
  # its mount namespace; the desktop (every X session xinit starts) and shells join it. The overlay
  # holds the root file system only (lowerdir=/ does not see the mounts on it, so the scratch disk is
  # not in the capture); the kernel's and the session's file systems are bound in as they are (the X
  # socket is in /tmp, its cookie in /run): their writes are not the package.
  unshare -m --propagation private sh -c '
    set -e
    s=$1 run=$2
    mount -t overlay overlay -o "lowerdir=/,upperdir=$s/upper,workdir=$s/work" "$s/root"
    for m in proc sys dev run tmp; do mount --rbind "/$m" "$s/root/$m"; done
    exec chroot "$s/root" /bin/sh -c "echo \$\$ > $run/packaging.pid.new && mv $run/packaging.pid.new $run/packaging.pid && cd / && exec sleep infinity"
  ' ventana-capture "$scratch" "$run" </dev/null >/dev/null 2>"$run/packaging.err" &
  holder=$!
  n=0
  while [ ! -s "$run/packaging.pid" ]; do
    kill -0 "$holder" 2>/dev/null || { console "packaging: no capture: $(head -n 1 "$run/packaging.err")"; fail "no capture"; }
    [ $n -lt 200 ] || { kill "$holder"; fail "no capture"; }
    sleep 0.05; n=$((n + 1))
  done
  console "packaging: capture on $(awk -v m="$scratch" '$2 == m {print $1}' /proc/mounts)"
}

capture() {
  [ "$(id -u)" = 0 ] || fail "must run as root"
  if [ "${1:-}" = --start ]; then capture_start; exit; fi
  capture_pid || fail "no capture: not a packaging guest, or its scratch disk is missing"
  [ $# -ge 1 ] || set -- /bin/bash -l
  exec nsenter -t "$pid" -m -r -w "$@"
}

# What overlayfs wrote that is not the application (docs/packages.md, "What a seal keeps"):
# package managers' state and caches, logs, the ld.so cache, root's files and /tmp's.
seal_excluded='var/cache var/lib/apt var/lib/dpkg var/log root tmp etc/ld.so.cache'

# One field of a PACKAGE-ENTRY: no |, no control characters, at most 200 bytes of valid UTF-8
# (the channel's lines are at most 1024 bytes, and a line that is not UTF-8 ends the channel).
entry_field() { printf '%s' "$1" | tr '|\001-\037\177' ' ' | head -c 200 | iconv -c -f UTF-8 -t UTF-8 2>/dev/null; }

# The value of key $2 in the [Desktop Entry] group of file $1 (not a localised one).
desktop_key() { awk -v k="$2" '/^\[/ {g = ($0 == "[Desktop Entry]")} g && index($0, k "=") == 1 {print substr($0, length(k) + 2); exit}' "$1"; }

scan() {
  capture_pid || { echo "PACKAGE-FAILED not-packaging"; return; }
  n=0
  for d in "$scratch"/upper/usr/share/applications/*.desktop; do
    [ -f "$d" ] || continue
    # Not an application someone launches: hidden entries (handlers), links, no command.
    [ "$(desktop_key "$d" Type)" = Application ] || continue
    case "$(desktop_key "$d" NoDisplay)$(desktop_key "$d" Hidden)" in *true*) continue ;; esac
    exec=$(desktop_key "$d" Exec | sed -e 's/%[fFuUdDnNickvm]//g' -e 's/%%/%/g' -e 's/  */ /g' -e 's/^ //' -e 's/ $//')
    [ -n "$exec" ] || continue
    # The host reads at most 64 lines ahead: a layer with more entries lists its first 32.
    [ $n -lt 32 ] || break
    echo "PACKAGE-ENTRY $(entry_field "${d##*/}")|$(entry_field "$(desktop_key "$d" Name)")|$(entry_field "$exec")|$(entry_field "$(desktop_key "$d" Icon)")"
    n=$((n + 1))
  done
  echo "PACKAGE-SCANNED $n"
}

# Prints PACKAGE-SEALED <bytes_used> <os> or PACKAGE-FAILED <reason>. The layer stays as it is: the
# admin may go on installing and seal again.
seal() {
  apps=$1
  capture_pid || { echo "PACKAGE-FAILED not-packaging"; return; }
  out=$(disk_with_serial ventana-output) || { echo "PACKAGE-FAILED no-output-disk"; return; }
  # id|name|icon|command lines (the host checked them; this is for a hand-typed call).
  awk -F'|' 'NF != 4 || $1 !~ /^[a-z][a-z0-9-]*$/ || length($1) > 32 || $2 == "" || $4 == "" {bad = 1} END {exit bad || NR == 0}' "$apps" \
    || { echo "PACKAGE-FAILED invalid"; return; }
  up=$scratch/upper ex=$scratch/seal.exclude
  : > "$ex"
  for e in $seal_excluded; do echo "$e" >> "$ex"; done
  # Anything left besides what the seal drops (and an earlier seal's applications)?
  kept=$(cd "$up" && find . -mindepth 1 ! -type d | sed 's|^\./||' | grep -v -E "^($(echo $seal_excluded etc/ventana/package | sed 's/ /|/g'))(/|$)" | head -n 1)
  [ -n "$kept" ] || { echo "PACKAGE-FAILED no-changes"; return; }
  # The applications file is written through the capture (the overlay's upper directory must not
  # be changed under it).
  nsenter -t "$pid" -m -r sh -c 'mkdir -p /etc/ventana/package && cat > /etc/ventana/package/applications' < "$apps" \
    || { echo "PACKAGE-FAILED applications"; return; }
  sync
  # Zstd, fixed times, xattrs kept (overlayfs marks an opaque directory with trusted.overlay.opaque;
  # a deleted base file is a 0/0 character device), straight onto the output disk.
  err=$(mksquashfs "$up" "$out" -comp zstd -noappend -no-progress -quiet -xattrs -ef "$ex" \
        -all-time 1700000000 -mkfs-time 1700000000 2>&1 >/dev/null)
  rc=$?
  if [ $rc -ne 0 ]; then
    console "packaging: mksquashfs: $(echo "$err" | tail -n 1)"
    case "$err" in *"No space"*|*"too large"*|*"larger than"*) echo "PACKAGE-FAILED too-large" ;; *) echo "PACKAGE-FAILED mksquashfs" ;; esac
    return
  fi
  sync
  # bytes_used: the superblock's 64-bit little-endian field at offset 40.
  used=$(od -An -t u8 -j 40 -N 8 "$out" | tr -d ' ')
  [ "$(head -c 4 "$out")" = hsqs ] && [ -n "$used" ] || { echo "PACKAGE-FAILED mksquashfs"; return; }
  . /etc/os-release
  console "packaging: sealed $used bytes onto $out"
  echo "PACKAGE-SEALED $used $ID-$VERSION_ID"
}

case "${0##*/}" in
  ventana-pkg-attach) [ $# -eq 1 ] || fail "usage: ventana-pkg-attach <name@id>[,<name@id>...]"; attach "$1" ;;
  ventana-pkg-run) run_in_view "$@" ;;
  ventana-launcher) launcher ;;
  ventana-launch) launch "$@" ;;
  ventana-pkg-capture) capture "$@" ;;
  ventana-pkg-scan) [ "$(id -u)" = 0 ] || fail "must run as root"; scan ;;
  ventana-pkg-seal) [ $# -eq 1 ] && [ "$(id -u)" = 0 ] || fail "usage (root): ventana-pkg-seal <applications file>"; seal "$1" ;;
  *) fail "install me as ventana-pkg-attach, ventana-pkg-run, ventana-launcher, ventana-launch, ventana-pkg-capture, ventana-pkg-scan or ventana-pkg-seal" ;;
esac
