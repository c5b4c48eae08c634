#!/usr/bin/env bash
# office-packaging.sh [office version dir]: making a package in a real packaging guest, as the
# session host will (docs/session-host.md, "Packaging"): office booted with ventana.packaging=1, NAT,
# an empty 8 GiB scratch disk and a 2 GiB output disk (sparse raw files, serials ventana-scratch and
# ventana-output), no data disk; SESSION; the desktop runs in the capture; apt-get installs
# x11-apps and galculator inside the capture (ventana-pkg-capture, as an admin's terminal would),
# the system disk does not change; PACKAGE-SCAN lists the new desktop entries, PACKAGE-SEAL writes
# the squashfs onto the output disk; the host reads it back, makes a package version directory
# (manifest as deploy/packages/make.sh writes it, source packaging) and boots a normal office session
# with it, where the user's ventana-launch starts xcalc in the package's view.
# Env: VENTANA_IMAGES_DIR (default <repo>/build/images); KEEP=1 keeps the run directory.
# Needs the Debian mirror (deb.debian.org) from the guest's NAT.
set -euo pipefail
IMAGE=office BOOT_TIMEOUT=600 SESSION_TIMEOUT=240
source "$(dirname "$0")/lib.sh"
secs() { awk '{printf "%.1f", $1}' /proc/uptime; }
since() { awk -v a="$1" -v b="$(secs)" 'BEGIN {printf "%.1f", b - a}'; }

step "a packaging guest: ventana.packaging=1, NAT, scratch 8 GiB and output 2 GiB (sparse, empty), no data disk"
truncate -s 8G "$run/scratch.raw"
truncate -s 2G "$run/output.raw"
NO_DATA=1 APPEND_EXTRA=ventana.packaging=1
QEMU_EXTRA=(-netdev user,id=net0 -device virtio-net-pci,netdev=net0,romfile=
  -drive "file=$run/scratch.raw,format=raw,if=none,id=scratch" -device virtio-blk-pci,drive=scratch,serial=ventana-scratch
  -drive "file=$run/output.raw,format=raw,if=none,id=output" -device virtio-blk-pci,drive=output,serial=ventana-output)
t0=$(secs)
boot
echo "booted in $(since "$t0") s"
g wait "$run" "ventana: packaging: capture on" 5 || fail "no capture"
echo "ok: $(grep -a -m1 'ventana: packaging: capture on' "$run/console.log" | tr -d '\r')"
expect "the scratch disk: ext4 made at boot" 'findmnt -n -o SOURCE,FSTYPE,OPTIONS /var/lib/ventana-packaging; df -h /var/lib/ventana-packaging | tail -n 1' "ext4"
session "SESSION data=none name=packaging" "SESSION-STARTED"
g wait "$run" "ventana: packaging desktop as root, in the capture" 120 || fail "no packaging desktop"
echo "ok: ventana: packaging desktop as root, in the capture"
expect "the desktop's processes are root's, in the capture's mount namespace" \
  'sleep 10; h=$(readlink /proc/$(cat /run/ventana/packaging.pid)/ns/mnt); for c in icewm xterm; do p=$(pgrep -x $c | head -n 1); echo "$c $(stat -c %U /proc/$p) $([ "$(readlink /proc/$p/ns/mnt)" = "$h" ] && echo in-capture || echo OUTSIDE)"; done' "xterm root in-capture"
answer=$(g agent "$run" "PACKAGE-SEAL $(printf 'calc|Calculator|application|xcalc\n' | base64 -w0)" 60)
echo "   | $answer"; grep -q "PACKAGE-FAILED no-changes" <<<"$answer" || fail "PACKAGE-SEAL of an empty layer: $answer"

step "apt-get in the capture (as the desktop's terminal would: ventana-pkg-capture)"
t0=$(secs)
expect "apt-get install x11-apps galculator" \
  'ventana-pkg-capture sh -c "apt-get update -q >/tmp/apt.log 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends x11-apps galculator >>/tmp/apt.log 2>&1; r=\$?; tail -n 3 /tmp/apt.log; exit \$r"' "rc=0" 1500
capture_s=$(since "$t0")
echo "capture (apt-get update + install): $capture_s s"
expect "the system disk did not change: no xcalc outside the capture" 'ls /usr/bin/xcalc /usr/bin/galculator; ventana-pkg-capture ls /usr/bin/xcalc /usr/bin/galculator' "cannot access '/usr/bin/xcalc'"
expect "inside the capture they are there" 'ventana-pkg-capture ls -l /usr/bin/xcalc /usr/bin/galculator' "/usr/bin/galculator"
expect "the layer on the scratch disk holds them" 'du -sh /var/lib/ventana-packaging/upper; ls /var/lib/ventana-packaging/upper/usr/share/applications' "rc=0"
answer=$(g agent "$run" "PACKAGE-SCAN" 60)
printf '%s\n' "$answer" | sed 's/^/   | /'
grep -q "^PACKAGE-SCANNED" <<<"$answer" || fail "PACKAGE-SCAN: $answer"
echo "ok: PACKAGE-SCAN"

step "PACKAGE-SEAL"
answer=$(g agent "$run" "PACKAGE-SEAL not*base64" 60)
echo "   | $answer"; grep -q "PACKAGE-FAILED invalid" <<<"$answer" || fail "PACKAGE-SEAL of a bad argument: $answer"
# A first seal with one application, then the one the host keeps: the layer stays as it was, and the
# second squashfs overwrites the first on the output disk.
answer=$(g agent "$run" "PACKAGE-SEAL $(printf 'calc|Calculator|application|xcalc\n' | base64 -w0)" 600)
echo "   | $answer"; grep -q "^PACKAGE-SEALED" <<<"$answer" || fail "the first PACKAGE-SEAL: $answer"
apps=$'calc|Calculator|application|xcalc\ngalc|Galculator|application|galculator\n'
line="PACKAGE-SEAL $(printf '%s' "$apps" | base64 -w0)"
echo "   line of ${#line} bytes"
t0=$(secs)
answer=$(g agent "$run" "$line" 600)
seal_s=$(since "$t0")
echo "   | $answer"
read -r verb used os <<<"$answer"
[ "$verb" = PACKAGE-SEALED ] || fail "PACKAGE-SEAL answered '$answer'"
echo "seal: $seal_s s, bytes_used $used, os $os"
g wait "$run" "ventana: packaging: sealed" 5 && echo "ok: $(grep -a -m1 'ventana: packaging: sealed' "$run/console.log" | tr -d '\r')"
expect "the guest stays up" 'uptime' "load average"
g qmp "$run" quit >/dev/null 2>&1 || true
while kill -0 "$qemu_pid" 2>/dev/null; do sleep 0.2; done
qemu_pid=
echo "output.raw: $(du -k "$run/output.raw" | cut -f1) KiB allocated of 2 GiB; scratch.raw: $(du -k "$run/scratch.raw" | cut -f1) KiB allocated of 8 GiB"

step "the host reads the package from output.raw"
[ "$(head -c 4 "$run/output.raw")" = hsqs ] || fail "no squashfs magic on the output disk"
pkgdir=$run/packages/calc/.staging
mkdir -p "$pkgdir"
head -c "$used" "$run/output.raw" > "$pkgdir/package.sqfs"
truncate -s $(( (used + 4095) / 4096 * 4096 )) "$pkgdir/package.sqfs"
unsquashfs -l "$pkgdir/package.sqfs" > "$run/list.txt"
echo "package.sqfs: $(stat -c %s "$pkgdir/package.sqfs") bytes, $(wc -l < "$run/list.txt") entries"
for p in usr/bin/xcalc usr/bin/galculator etc/ventana/package/applications usr/share/applications/galculator.desktop; do
  grep -q "^squashfs-root/$p\$" "$run/list.txt" || fail "the package has no $p"
  echo "ok: has $p"
done
for p in var/lib/dpkg var/lib/apt var/cache var/log root etc/ld.so.cache; do
  ! grep -q "^squashfs-root/$p\(/\|\$\)" "$run/list.txt" || fail "the package has $p"
  echo "ok: no $p"
done
unsquashfs -cat "$pkgdir/package.sqfs" etc/ventana/package/applications | sed 's/^/   | /'
# The manifest as deploy/packages/make.sh writes it, source packaging (the host's seal writes it).
python3 - "$pkgdir" "$(basename "$version")" "$os" "$apps" <<'EOF'
import datetime, hashlib, json, os, sys
d, image_version, os_, apps = sys.argv[1:]
p = os.path.join(d, "package.sqfs")
h = hashlib.sha256(open(p, "rb").read())
m = {"format": 1, "kind": "package", "name": "calc", "title": "Calculators", "note": "bench/packages/office-packaging.sh",
     "source": "packaging", "createdBy": "office-packaging.sh",
     "createdAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
     "madeFor": {"image": "office", "version": image_version, "os": os_},
     "applications": [dict(zip(("id", "name", "icon", "command"), l.split("|"))) for l in apps.strip().split("\n")],
     "files": {"package.sqfs": {"sha256": h.hexdigest(), "size": os.path.getsize(p)}}}
with open(os.path.join(d, "manifest.json"), "w") as out:
    json.dump(m, out, indent=2, sort_keys=True)
    out.write("\n")
EOF
id=$(sha256sum "$pkgdir/manifest.json" | cut -c1-16)
mv "$pkgdir" "$run/packages/calc/$id"
echo "package version $run/packages/calc/$id"

step "a normal office session with the package: the user launches xcalc"
NO_DATA= APPEND_EXTRA=
QEMU_EXTRA=()
boot "$run/packages/calc/$id"
session "SESSION data=rw name=calctest packages=calc@$id" "SESSION-STARTED"
g wait "$run" "ventana: package calc attached" 20 || fail "the package did not attach"
echo "ok: ventana: package calc attached"
expect "its applications are listed" 'cat /run/ventana/applications' "calc|Calculator|application|xcalc|calc"
expect "the base has no xcalc" 'ls /usr/bin/xcalc' "No such file or directory"
answer=$(g agent "$run" "PACKAGE-SCAN" 60)
echo "   | $answer"; grep -q "PACKAGE-FAILED not-packaging" <<<"$answer" || fail "PACKAGE-SCAN outside packaging: $answer"
expect "the user launches xcalc" \
  'runuser -u user -- ventana-launch calc; sleep 15; p=$(pgrep -x xcalc); echo "xcalc pid $p as $(stat -c %U /proc/$p)"; [ "$(readlink /proc/$p/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] && echo in-view; cat /tmp/ventana-launch.log' "in-view"
expect "and galculator" \
  'runuser -u user -- ventana-launch galc; sleep 20; p=$(pgrep -x galculator); echo "galculator pid $p as $(stat -c %U /proc/$p)"; cat /tmp/ventana-launch.log' "as user"
power_off
echo
echo "numbers: capture (apt-get update + install) $capture_s s, seal $seal_s s, package $(stat -c %s "$run/packages/calc/$id/package.sqfs") bytes; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "all checks passed"
