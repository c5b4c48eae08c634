# Sourced by tiny-packages.sh and office-packages.sh: two demo packages, a data disk, and a guest
# booted as guest.QemuCommand boots it, driven through guest.py. Set IMAGE (tiny or office) first.
set -euo pipefail
QEMU_EXTRA=()
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=$(readlink -f "${1:-${VENTANA_IMAGES_DIR:-$repo/build/images}/$IMAGE/current}")
run=$(mktemp -d "/tmp/ventana-$IMAGE-packages.XXXXXX")
qemu_pid=
cleanup() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then kill "$qemu_pid"; fi
  [ -n "${KEEP:-}" ] || rm -rf "$run"
}
trap cleanup EXIT
g() { python3 "$here/guest.py" "$@"; }
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*"; echo "--- serial console (last lines)"; tail -n 40 "$run/console.log" | tr -d '\r'; exit 1; }
# expect <what> <command> <text the output must contain> [timeout s, default 60]
expect() {
  local out; out=$(g console "$run" "$2" "${4:-60}")
  printf '%s\n' "$out" | sed 's/^/   | /'
  grep -qF -- "$3" <<<"$out" || fail "$1: no '$3'"
  echo "ok: $1"
}

step "two demo packages with deploy/packages/make.sh"
for v in 1 2; do
  t="$run/tree$v"
  mkdir -p "$t/etc" "$t/usr/bin" "$t/usr/lib/demo"
  echo "version=$v" > "$t/etc/demo.conf"
  echo "library $v" > "$t/usr/lib/demo/lib.txt"
  cat > "$t/usr/bin/demo" <<'EOF'
#!/bin/sh
echo "demo: $(cat /etc/demo.conf), $(cat /usr/lib/demo/lib.txt), setting $(cat /var/tmp/demo-setting 2>/dev/null || echo none), as $(id -u)"
EOF
  chmod 0755 "$t/usr/bin/demo"
  "$repo/deploy/packages/make.sh" --name "demo$v" --from "$t" --title "Demo $v" --app "demo$v|Demo $v|terminal|demo" --made-for "$IMAGE" \
    --out "$run/packages" 2>/dev/null > "$run/demo$v.dir"
  echo "demo$v: $(cat "$run/demo$v.dir")"
done
id1=$(basename "$(cat "$run/demo1.dir")") id2=$(basename "$(cat "$run/demo2.dir")")

step "a data disk as guest.Disks makes it"
truncate -s 64M "$run/data.raw"
mke2fs -q -F -t ext4 -L ventana-data -E root_owner=1000:1000 "$run/data.raw"
qemu-img convert -f raw -O qcow2 "$run/data.raw" "$run/data.qcow2" && rm "$run/data.raw"

# boot <package dir>...: a cold boot as QemuCommand makes it, packages last (the data disk before them).
boot() {
  rm -f "$run/system.qcow2" "$run"/*.sock
  qemu-img create -q -f qcow2 -F qcow2 -b "$version/base.qcow2" "$run/system.qcow2"
  local pkgs=() n=0 d
  for d in "$@"; do
    pkgs+=(-drive "file=$d/package.sqfs,format=raw,if=none,id=pkg$n,readonly=on"
           -device "virtio-blk-pci,drive=pkg$n,serial=$(basename "$d")")
    n=$((n + 1))
  done
  : > "$run/console.log"
  local machine=(-m 256M -vga std)
  # office: its memory, and the virtio-gpu its X is set up for.
  [ "$IMAGE" = tiny ] || machine=(-m 1024M -device virtio-vga)
  # NO_DATA=1: no data disk (a packaging guest); QEMU_EXTRA, APPEND_EXTRA: more devices, more words
  # on the kernel command line.
  local data=(-drive "file=$run/data.qcow2,format=qcow2,if=virtio,id=data")
  [ -z "${NO_DATA:-}" ] || data=()
  nice -n 10 qemu-system-x86_64 -accel tcg "${machine[@]}" -smp 1 -nodefaults \
    -kernel "$version/vmlinuz" -initrd "$version/initrd.gz" -append "$(cat "$version/cmdline")${APPEND_EXTRA:+ $APPEND_EXTRA}" \
    -drive "file=$run/system.qcow2,format=qcow2,if=virtio,id=system" \
    -device virtio-tablet-pci -qmp "unix:$run/qmp.sock,server=on,wait=off" \
    -chardev "socket,id=serial0,path=$run/serial.sock,server=on,wait=off,logfile=$run/console.log,logappend=on" \
    -serial chardev:serial0 \
    -device virtio-serial-pci,id=channels \
    -chardev "socket,id=agent,path=$run/agent.sock,server=on,wait=off" \
    -device virtserialport,bus=channels.0,chardev=agent,name=dev.ventana.agent \
    -device vmgenid,guid=auto -device virtio-rng-pci -display none \
    "${data[@]}" "${QEMU_EXTRA[@]}" "${pkgs[@]}" -pidfile "$run/qemu.pid" >"$run/qemu.log" 2>&1 </dev/null &
  qemu_pid=$!
  g wait "$run" "ventana: waiting for a session" "${BOOT_TIMEOUT:-120}" || fail "the guest did not boot"
}
# Ends the guest as the host does (the ACPI power button: the data disk unmounted), waits for QEMU.
power_off() {
  g qmp "$run" system_powerdown >/dev/null
  g wait "$run" "ventana: power button, shutting down" 20 || fail "no power button"
  local n=0
  while kill -0 "$qemu_pid" 2>/dev/null; do
    [ $n -lt 300 ] || fail "the guest did not power off"
    sleep 0.2; n=$((n + 1))
  done
  qemu_pid=
}
session() {
  local answer; answer=$(g agent "$run" "$1" "${SESSION_TIMEOUT:-60}")
  echo "   | $answer"
  grep -qF -- "$2" <<<"$answer" || fail "SESSION answered '$answer', not '$2'"
}

