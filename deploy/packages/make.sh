#!/usr/bin/env bash
# Makes an application package version (docs/packages.md) from a directory tree: the files the
# application adds to an image, laid out as they are to appear over the image's root file system.
#
#   deploy/packages/make.sh --name N --from DIR [--title T] [--note T]
#       [--app 'id|name|icon|command']... [--made-for IMAGE[:VERSION]] [--os OS]
#       [--out ROOT] [--bundle FILE.tar.gz]
#
# Writes <ROOT>/<N>/<id>/ with manifest.json and package.sqfs (a squashfs: zstd, every file root's,
# fixed times, xattrs kept, padded to 4096 bytes, so it is a raw disk image as it is), where <id>
# is the first 16 hex digits of the manifest's sha256, as image versions are named
# (deploy/images/lib.sh). The applications go into the manifest and, as id|name|icon|command lines,
# into the squashfs's /etc/ventana/package/applications, which the guest reads.
# ROOT defaults to VENTANA_PACKAGES_DIR, else <repo>/build/packages (beside build/images).
# createdAt is now; with SOURCE_DATE_EPOCH set by the caller it is that time, so that the same
# inputs make the same id. Prints the version directory on stdout; progress goes to stderr.
# Needs mksquashfs (Debian: squashfs-tools) and python3.
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then CREATED_EPOCH=$SOURCE_DATE_EPOCH; else CREATED_EPOCH=$(date +%s); fi
IMAGE_NAME=package
source "$(dirname "${BASH_SOURCE[0]}")/../images/lib.sh"

usage() {
  sed -n '4,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

NAME= FROM= TITLE= NOTE= MADE_FOR= OS= BUNDLE= APPS=()
OUT="${VENTANA_PACKAGES_DIR:-$VENTANA_REPO/build/packages}"
while [ $# -gt 0 ]; do
  case "$1" in
    --name|--from|--title|--note|--app|--made-for|--os|--out|--bundle)
      [ $# -ge 2 ] || die "$1 needs a value"
      case "$1" in
        --name) NAME=$2 ;; --from) FROM=$2 ;; --title) TITLE=$2 ;; --note) NOTE=$2 ;;
        --app) APPS+=("$2") ;; --made-for) MADE_FOR=$2 ;; --os) OS=$2 ;; --out) OUT=$2 ;;
        --bundle) BUNDLE=$2 ;;
      esac
      shift 2 ;;
    -h|--help) usage ;;
    *) progress "unknown argument '$1'"; usage ;;
  esac
done

[ -n "$NAME" ] || die "--name is required"
[[ "$NAME" =~ ^[a-z][a-z0-9-]{0,31}$ ]] || die "bad package name '$NAME': a lower-case letter, then up to 31 of a-z 0-9 -"
[ -n "$FROM" ] || die "--from is required"
[ -d "$FROM" ] || die "--from $FROM is not a directory"
[ ${#APPS[@]} -gt 0 ] || die "at least one --app 'id|name|icon|command' is required: nothing would start the package"
if [ -e "$FROM/etc/ventana/package/applications" ]; then die "$FROM already has etc/ventana/package/applications: make.sh writes it from the --app lines"; fi
IMAGE=${MADE_FOR:-tiny}; IMAGE_VERSION=
if [[ "$IMAGE" == *:* ]]; then IMAGE_VERSION=${IMAGE#*:}; IMAGE=${IMAGE%%:*}; fi
[[ "$IMAGE" =~ ^[a-z][a-z0-9-]{0,31}$ ]] || die "bad --made-for image '$IMAGE'"
[ -z "$IMAGE_VERSION" ] || [[ "$IMAGE_VERSION" =~ ^[0-9a-f]{16}$ ]] || die "bad --made-for version '$IMAGE_VERSION': 16 hex digits"
if [ -z "$OS" ]; then
  case "$IMAGE" in
    tiny) OS=ventana-tiny ;;
    office) OS=debian-12 ;;
    *) die "no --os given for image '$IMAGE' (its /etc/os-release's ID-VERSION_ID, e.g. 'debian-12')" ;;
  esac
fi
[ -n "$NOTE" ] || NOTE="made by deploy/packages/make.sh from $(basename "$(readlink -f "$FROM")")"
command -v mksquashfs >/dev/null || die "mksquashfs not found: install squashfs-tools (apt-get install squashfs-tools)"
command -v python3 >/dev/null || die "python3 not found"

mkdir -p "$OUT/$NAME"
STAGING=$(mktemp -d "$OUT/$NAME/.staging.XXXXXX")
WORK=$(mktemp -d)
trap 'rm -rf "$STAGING" "$WORK"' EXIT

# The applications: checked as an image's are (lib.sh's publish_version), written into the tree.
printf '%s\n' "${APPS[@]}" > "$WORK/applications"
python3 - "$WORK/applications" <<'EOF' || die "bad --app"
import re, sys
ICONS = {"desktop", "editor", "terminal", "browser", "document", "spreadsheet", "code", "application"}
seen = set()
for line in open(sys.argv[1]).read().split("\n")[:-1]:
    parts = line.split("|")
    if len(parts) != 4 or not re.fullmatch(r"[a-z][a-z0-9-]{0,31}", parts[0]) or parts[2] not in ICONS \
            or not parts[1].strip() or not parts[3].strip():
        sys.exit("bad --app '%s': id|name|icon|command, id a lower-case letter then up to 31 of a-z 0-9 -, "
                 "icon one of %s" % (line, ", ".join(sorted(ICONS))))
    if parts[0] in seen:
        sys.exit("application id '%s' given twice" % parts[0])
    seen.add(parts[0])
EOF

progress "copying $FROM"
TREE="$WORK/tree"
mkdir -p "$TREE"
cp -a "$FROM/." "$TREE/"
mkdir -p "$TREE/etc/ventana/package"
cp "$WORK/applications" "$TREE/etc/ventana/package/applications"
chmod 0644 "$TREE/etc/ventana/package/applications"
chmod 0755 "$TREE" "$TREE/etc" "$TREE/etc/ventana" "$TREE/etc/ventana/package"

progress "making the squashfs"
# Reproducible: every file root's, fixed times (mksquashfs takes SOURCE_DATE_EPOCH, which lib.sh
# exports, for every file's time and its own, and refuses -all-time beside it; it sorts entries, and
# its output does not depend on the number of threads); xattrs kept (overlayfs's opaque
# directories are trusted.*).
mksquashfs "$TREE" "$STAGING/package.sqfs" -comp zstd -noappend -no-progress -quiet -xattrs -all-root >&2
size=$(stat -c %s "$STAGING/package.sqfs")
# mksquashfs pads to 4 KiB already; a disk's size must be a multiple of its sectors whatever it does.
[ $((size % 4096)) -eq 0 ] || truncate -s $(( (size / 4096 + 1) * 4096 )) "$STAGING/package.sqfs"
[ "$(head -c 4 "$STAGING/package.sqfs")" = hsqs ] || die "mksquashfs wrote no squashfs"

python3 - "$STAGING" "$NAME" "$TITLE" "$NOTE" "$CREATED_EPOCH" "$IMAGE" "$IMAGE_VERSION" "$OS" "$WORK/applications" <<'EOF'
import datetime, hashlib, json, os, sys
d, name, title, note, created, image, version, os_, apps = sys.argv[1:]
p = os.path.join(d, "package.sqfs")
h = hashlib.sha256()
with open(p, "rb") as fh:
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        h.update(chunk)
applications = []
for line in open(apps).read().split("\n")[:-1]:
    i, n, icon, command = line.split("|")
    applications.append({"id": i, "name": n, "icon": icon, "command": command})
manifest = {
    "format": 1,
    "kind": "package",
    "name": name,
    "title": title,
    "note": note,
    "source": "script",
    "createdBy": "make.sh",
    "createdAt": datetime.datetime.fromtimestamp(int(created), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "madeFor": {"image": image, "version": version or None, "os": os_},
    "applications": applications,
    "files": {"package.sqfs": {"sha256": h.hexdigest(), "size": os.path.getsize(p)}},
}
with open(os.path.join(d, "manifest.json"), "w") as out:
    json.dump(manifest, out, indent=2, sort_keys=True)
    out.write("\n")
EOF

ID=$(sha256_of "$STAGING/manifest.json" | cut -c1-16)
DIR="$OUT/$NAME/$ID"
if [ -d "$DIR" ]; then
  progress "identical version $ID already present"
else
  chmod 0444 "$STAGING"/*; chmod 0755 "$STAGING"
  mv "$STAGING" "$DIR"
fi
verify_version "$DIR" full || die "$DIR does not verify"
if [ -n "$BUNDLE" ]; then
  # A version bundle as for images (docs/api.md, "Uploading an image version"): the two files under <id>/.
  tar -C "$OUT/$NAME" --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" --sort=name \
    -czf "$BUNDLE" "$ID/manifest.json" "$ID/package.sqfs"
  progress "bundle $BUNDLE"
fi
progress "package $NAME version $ID ($(stat -c %s "$DIR/package.sqfs") bytes) in $DIR"
echo "$DIR"
