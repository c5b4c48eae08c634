# Shared by the golden image builders (sourced, not run).
#
# An image version is a directory <images>/<name>/<version>/ holding the files a guest boots
# from plus manifest.json, which names every file with its sha256. The version id is the
# first 16 hex digits of the manifest's own sha256, so identical builds get identical ids and
# a version directory can be checked against its name. Versions are never modified: a new
# build is a new directory, and <images>/<name>/current is switched atomically.

set -euo pipefail
set -E
trap 'progress "ERROR: failed at ${BASH_SOURCE[0]}:$LINENO: $BASH_COMMAND"' ERR

VENTANA_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGES_DIR="${VENTANA_IMAGES_DIR:-$VENTANA_REPO/build/images}"
# Downloaded packages are kept across builds: the kernel alone is 70 MB.
CACHE_DIR="${VENTANA_IMAGES_CACHE:-$IMAGES_DIR/.cache}"
# Reproducible timestamps wherever the tools honour them.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
export E2FSPROGS_FAKE_TIME="$SOURCE_DATE_EPOCH"
export LC_ALL=C TZ=UTC

_build_started=$(date +%s)

progress() {
  printf '[%s +%3ss] %s\n' "${IMAGE_NAME:-image}" "$(( $(date +%s) - _build_started ))" "$*" >&2
}

die() {
  progress "ERROR: $*"
  exit 1
}

# Installs the Debian packages a build needs; refreshes the package lists at most once.
need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]} and not root to install them"
  progress "installing ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    progress "refreshing package lists"
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi
}

# The version apt would install now, so that a changed package means a changed input.
candidate_version() {
  local v
  v=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -z "$v" ] || [ "$v" = "(none)" ]; then
    progress "refreshing package lists to find $1"
    apt-get update >&2
    v=$(apt-cache policy "$1" | awk '/Candidate:/ {print $2}')
  fi
  [ -n "$v" ] && [ "$v" != "(none)" ] || die "no package $1 in the configured apt sources"
  echo "$v"
}

# Downloads one package version into the cache and prints the .deb path.
fetch_deb() {
  local pkg=$1 ver=$2 dir="$CACHE_DIR/debs"
  mkdir -p "$dir"
  local deb
  deb=$(find "$dir" -maxdepth 1 -name "${pkg}_*.deb" -print | while read -r f; do
          [ "$(dpkg-deb -f "$f" Version)" = "$ver" ] && echo "$f"; done | head -n1)
  if [ -z "$deb" ]; then
    progress "downloading $pkg $ver"
    # apt drops privileges to _apt, which cannot write into root-owned cache directories.
    local tmp; tmp=$(mktemp -d); chmod 777 "$tmp"
    (cd "$tmp" && apt-get download "$pkg=$ver" >&2) || die "apt-get download $pkg=$ver failed"
    mv "$tmp"/*.deb "$dir/"; rmdir "$tmp"
    deb=$(find "$dir" -maxdepth 1 -name "${pkg}_*.deb" -print | while read -r f; do
            [ "$(dpkg-deb -f "$f" Version)" = "$ver" ] && echo "$f"; done | head -n1)
  fi
  echo "$deb"
}

# Prints the cache key for a build: a hash of everything that determines its output.
# Arguments are extra inputs (package versions, variant settings), one per argument.
input_key() {
  {
    sha256sum "$VENTANA_REPO/deploy/images/lib.sh" "$VENTANA_REPO/deploy/images/ventana-agent.sh" \
      "$VENTANA_REPO/deploy/images/ventana-packages.sh" "$0" | awk '{print $1}'
    printf '%s\n' "$@"
  } | sha256sum | awk '{print $1}'
}

# If a build with this key already produced a version that is still intact, points current at
# it (when asked to) and exits the script successfully.
reuse_cached_version() {
  local key=$1 record="$IMAGES_DIR/$IMAGE_NAME/.inputs/$1"
  [ -f "$record" ] || return 0
  local version; version=$(cat "$record")
  local dir="$IMAGES_DIR/$IMAGE_NAME/$version"
  if [ -f "$dir/manifest.json" ] && verify_version "$dir" quick; then
    progress "inputs unchanged: reusing version $version"
    set_current "$version"
    echo "$dir"
    exit 0
  fi
}

# Makes an ext4 image built by `mke2fs -d <root>` reproducible: mke2fs copies each file's
# ctime (which cannot be set) and atime (which reading changes) and stamps creation times from
# the clock, so every inode gets SOURCE_DATE_EPOCH for all of them.
make_ext4() {
  local root=$1 raw=$2 size=$3 label=$4
  mke2fs -q -F -t ext4 -L "$label" -U "$EXT4_UUID" -E "hash_seed=$EXT4_HASH_SEED,root_owner=0:0" \
    -d "$root" "$raw" "$size" >&2
  local cmds; cmds=$(mktemp)
  (cd "$root" && find . -print) | sed 's|^\.||; s|^$|/|' | while read -r f; do
    for field in atime ctime mtime crtime; do echo "sif \"$f\" $field @$SOURCE_DATE_EPOCH"; done
    for field in atime_extra ctime_extra mtime_extra crtime_extra; do echo "sif \"$f\" $field 0"; done
  done > "$cmds"
  for f in /lost+found; do
    for field in atime ctime mtime crtime; do echo "sif $f $field @$SOURCE_DATE_EPOCH"; done
  done >> "$cmds"
  debugfs -w -f "$cmds" "$raw" >/dev/null 2>&1 || die "debugfs could not normalise times in $raw"
  rm -f "$cmds"
}
EXT4_UUID=6a1d0b5e-7e1a-4c1e-9a11-000000000001
EXT4_HASH_SEED=6a1d0b5e-7e1a-4c1e-9a11-000000000002

sha256_of() { sha256sum "$1" | awk '{print $1}'; }

# quick: the manifest matches the directory name and every file has its recorded size;
# full: every file's sha256 is checked too.
verify_version() {
  local dir=$1 mode=${2:-full}
  local id; id=$(basename "$dir")
  [ "$(sha256_of "$dir/manifest.json" | cut -c1-16)" = "$id" ] || return 1
  python3 - "$dir" "$mode" <<'EOF' || return 1
import hashlib, json, os, sys
d, mode = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(d, "manifest.json")))
for name, f in m["files"].items():
    p = os.path.join(d, name)
    if os.path.getsize(p) != f["size"]:
        sys.exit(1)
    if mode == "full":
        h = hashlib.sha256()
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        if h.hexdigest() != f["sha256"]:
            sys.exit(1)
EOF
}

set_current() {
  [ "${VENTANA_SET_CURRENT:-yes}" = "yes" ] || return 0
  # A symlink renamed over the old one: readers see either the old or the new version.
  ln -sfn "$1" "$IMAGES_DIR/$IMAGE_NAME/.current.tmp"
  mv -T "$IMAGES_DIR/$IMAGE_NAME/.current.tmp" "$IMAGES_DIR/$IMAGE_NAME/current"
}

# Writes manifest.json into the staging directory, moves it to its version directory, records
# the cache key and points current at it. Prints the version directory.
# Extra arguments are "key=value" strings stored under "inputs" in the manifest.
# The staging directory's optional file "applications" (the guest's /etc/ventana/applications:
# one "id|name|icon|command" a line) becomes the manifest's "applications" (docs/session-host.md).
# An empty staging file "instant-on" (a marker, not published) makes the manifest say
# "instantOn": true: the image's guest starts a user's session only when the host says SESSION on
# the guest channel, so the host may restore it from a warm template (docs/session-host.md).
# A staging file "display" (not published either) holding "virtio-dbus" makes the manifest say
# "display": "virtio-dbus": the host gives the guest a virtio-gpu and reads its screen through
# QEMU's D-Bus display (docs/session-host.md, "Display devices"); without it, standard VGA.
publish_version() {
  local staging=$1 key=$2; shift 2
  progress "hashing files"
  python3 - "$staging" "$IMAGE_NAME" "$@" <<'EOF'
import hashlib, json, os, sys
d, name, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
instant_on = os.path.exists(os.path.join(d, "instant-on"))
if instant_on:
    os.remove(os.path.join(d, "instant-on"))
display = None
if os.path.exists(os.path.join(d, "display")):
    display = open(os.path.join(d, "display")).read().strip()
    os.remove(os.path.join(d, "display"))
    if display not in ("virtio-dbus",):
        sys.exit("bad display %r (virtio-dbus, or no display file for standard VGA)" % display)
files = {}
for f in sorted(os.listdir(d)):
    if f == "manifest.json":
        continue
    h = hashlib.sha256()
    with open(os.path.join(d, f), "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    files[f] = {"sha256": h.hexdigest(), "size": os.path.getsize(os.path.join(d, f))}
w, h = open(os.path.join(d, "screen")).read().split("x")
import re
ICONS = {"desktop", "editor", "terminal", "browser", "document", "spreadsheet", "code", "application"}
applications = []
if os.path.exists(os.path.join(d, "applications")):
    for line in open(os.path.join(d, "applications")):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("|")
        if len(parts) != 4 or not re.fullmatch(r"[a-z][a-z0-9-]{0,31}", parts[0]) or parts[2] not in ICONS \
                or not parts[1].strip() or not parts[3].strip():
            sys.exit("bad application line (id|name|icon|command, icon one of %s): %s" % (sorted(ICONS), line))
        applications.append({"id": parts[0], "name": parts[1], "icon": parts[2], "command": parts[3]})
manifest = {
    "format": 1,
    "name": name,
    "screen": {"width": int(w), "height": int(h)},
    "cmdline": open(os.path.join(d, "cmdline")).read().strip(),
    "applications": applications,
    "inputs": dict(e.split("=", 1) for e in extra),
    "files": files,
}
if instant_on:
    manifest["instantOn"] = True
if display:
    manifest["display"] = display
with open(os.path.join(d, "manifest.json"), "w") as out:
    json.dump(manifest, out, indent=2, sort_keys=True)
    out.write("\n")
EOF
  local version; version=$(sha256_of "$staging/manifest.json" | cut -c1-16)
  local dir="$IMAGES_DIR/$IMAGE_NAME/$version"
  if [ -d "$dir" ]; then
    progress "identical version $version already present"
    rm -rf "$staging"
  else
    chmod 0444 "$staging"/*; chmod 0755 "$staging"
    mv "$staging" "$dir"
  fi
  mkdir -p "$IMAGES_DIR/$IMAGE_NAME/.inputs"
  echo "$version" > "$IMAGES_DIR/$IMAGE_NAME/.inputs/$key"
  set_current "$version"
  progress "version $version ready in $dir"
  echo "$dir"
}

# A staging directory on the same file system as the versions, so publishing is a rename.
new_staging() {
  mkdir -p "$IMAGES_DIR/$IMAGE_NAME"
  mktemp -d "$IMAGES_DIR/$IMAGE_NAME/.staging.XXXXXX"
}

# Writes a gzipped initramfs to OUT that loads the virtio and ext4 drivers from KERNEL_DIR
# (depmod already run) and switch_roots to SYSTEM_INIT on the system disk, found by its label
# ventana-sys (make_ext4): not always /dev/vda, since disks given as -device on QEMU's command line
# (application packages) take PCI slots before those given as -drive if=virtio. Reproducible:
# fixed times, sorted entries, root-owned.
#   make_initramfs BUSYBOX KERNEL_DIR KREL SYSTEM_INIT OUT
make_initramfs() {
  local busybox="$1" kernel="$2" krel="$3" system_init="$4" out="$5"
  local dir; dir=$(mktemp -d)
  mkdir -p "$dir"/{bin,dev,proc,sys,newroot,lib/modules}
  cp "$busybox" "$dir/bin/busybox"
  local a; for a in sh mount umount mkdir sleep insmod switch_root cat echo ls findfs; do ln -s busybox "$dir/bin/$a"; done
  # crc32c has no hard dependency edge but ext4 and jbd2 need it at mount time.
  : > "$dir/modules.order"
  local ko
  modprobe -d "$kernel" -S "$krel" --show-depends -a crc32c_generic virtio_pci virtio_blk ext4 \
    | awk '$1 == "insmod" {print $2}' | awk '!seen[$0]++' | while read -r ko; do
      cp "$ko" "$dir/lib/modules/"
      basename "$ko" >> "$dir/modules.order"
    done
  sed "s|@SYSTEM_INIT@|$system_init|" > "$dir/init" <<'EOF'
#!/bin/sh
# Loads the disk drivers and hands over to the system disk's init.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# --show-depends does not always list a module after its dependencies (virtio_ring must
# precede virtio), so a few passes load everything whatever the order.
for pass in 1 2 3; do
  for m in $(cat /modules.order); do insmod /lib/modules/$m 2>/dev/null; done
done
n=0
until root=$(findfs LABEL=ventana-sys 2>/dev/null) || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
if [ -z "$root" ] || ! mount -t ext4 "$root" /newroot; then
  echo "ventana: cannot mount the system disk (label ventana-sys${root:+, $root})" > /dev/console
  exec sh
fi
mount --move /dev /newroot/dev
umount /proc /sys
exec switch_root /newroot @SYSTEM_INIT@
EOF
  chmod 0755 "$dir/init"
  find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  (cd "$dir" && find . -print0 | sort -z | cpio --null --create --format=newc --owner=0:0 --reproducible --quiet) \
    | gzip -9 -n > "$out"
  rm -rf "$dir"
}
