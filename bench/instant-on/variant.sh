#!/usr/bin/env bash
# Makes the spike variant of the tiny image in build/instant-on/tiny-spike/: the built version's
# kernel, initrd and command line, and its system disk plus what instant-on needs in the guest
# (what the image builders would add): virtio_console.ko, virtio-rng.ko (and vmgenid.ko when the kernel has it as
# a module) loaded at boot, and bench/instant-on/ventana-agent.sh started by the init as
# /sbin/ventana-agent. Prints the kernel's relevant config lines.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
IMAGES="${VENTANA_IMAGES_DIR:-$REPO/build/images}"
SRC=$(readlink -f "$IMAGES/tiny/current")
OUT="$REPO/build/instant-on/tiny-spike"
KDEB=$(ls -t "$IMAGES"/.cache/debs/linux-image-6*.deb | head -n1)
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
rm -rf "$OUT"; mkdir -p "$OUT"
cp "$SRC"/{vmlinuz,initrd.gz,cmdline,screen} "$OUT/"
dpkg-deb --fsys-tarfile "$KDEB" | tar -x -C "$TMP" --wildcards './boot/config-*' '*/virtio_console.ko*' '*/virtio-rng.ko*' '*/vmgenid.ko*' 2>/dev/null || true
echo "kernel: $(basename "$KDEB")"
grep -E '^CONFIG_(HW_RANDOM_VIRTIO|VMGENID|VIRTIO_CONSOLE|HOTPLUG_PCI_ACPI|HOTPLUG_PCI|RTC_DRV_CMOS|RANDOM_TRUST_CPU|INIT_ON_ALLOC_DEFAULT_ON|INIT_ON_FREE_DEFAULT_ON)=' "$TMP"/boot/config-* | sed 's/^/  /'
MODS=$(find "$TMP" -name '*.ko*' | sort)
qemu-img convert -f qcow2 -O raw "$SRC/base.qcow2" "$TMP/disk.raw"
debugfs -R 'cat /etc/modules.order' "$TMP/disk.raw" 2>/dev/null > "$TMP/modules.order"
debugfs -R 'cat /sbin/init' "$TMP/disk.raw" 2>/dev/null > "$TMP/init"
{
  for ko in $MODS; do echo "write $ko /lib/modules/$(basename "$ko")"; basename "$ko" >> "$TMP/modules.order"; done
  echo "rm /etc/modules.order"; echo "write $TMP/modules.order /etc/modules.order"
} > "$TMP/cmds"
# The agent starts before the serial shell, as the image's init would start it.
grep -q 'setsid -c sh -l </dev/ttyS0' "$TMP/init" || { echo "unexpected tiny init" >&2; exit 1; }
sed -i 's|^setsid -c sh -l </dev/ttyS0|/sbin/ventana-agent \&\n&|' "$TMP/init"
cp "$REPO/bench/instant-on/ventana-agent.sh" "$TMP/agent"
cat >> "$TMP/cmds" <<CMDS
rm /sbin/init
write $TMP/init /sbin/init
sif /sbin/init mode 0100755
write $TMP/agent /sbin/ventana-agent
sif /sbin/ventana-agent mode 0100755
CMDS
debugfs -w -f "$TMP/cmds" "$TMP/disk.raw" >/dev/null 2>&1
qemu-img convert -f raw -O qcow2 "$TMP/disk.raw" "$OUT/base.qcow2"
echo "modules added: $(for ko in $MODS; do basename "$ko"; done | tr '\n' ' ')"
echo "variant in $OUT (from $SRC)"
debugfs -R 'cat /sbin/init' "$TMP/disk.raw" 2>/dev/null | grep -n 'ventana-agent'
