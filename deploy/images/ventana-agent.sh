#!/bin/sh
# The guest's end of the guest channel (docs/session-host.md, "Guest channel"): the virtio-serial
# port named dev.ventana.agent, found by its name in sysfs (no udev needed). One message per
# line. The port is opened once for the guest's life (it opens once at a time, so one descriptor
# serves both ways). At start it says READY, which waits for the host to connect; a host that
# connects later (restarted, or another client) says HELLO first and is answered READY. While no
# host is connected a read returns at once with nothing, hence the pause.
port=
for d in /sys/class/virtio-ports/*; do
  [ "$(cat "$d/name" 2>/dev/null)" = dev.ventana.agent ] && port=/dev/${d##*/}
done
[ -n "$port" ] || { echo "ventana: no guest channel" > /dev/ttyS0; exit 0; }
exec 3<>"$port" || exit 0
echo "READY $(cut -d' ' -f1 /proc/uptime)" >&3
while true; do
  if read -r verb arg <&3; then
    case "$verb" in
      HELLO) echo "READY $(cut -d' ' -f1 /proc/uptime)" >&3 ;;
      CLOCK) date -u -s "@$arg" >/dev/null 2>&1; echo "CLOCK-SET $(date +%s)" >&3 ;;
      *) echo "UNKNOWN $verb" >&3 ;;
    esac
  else
    sleep 1
  fi
done
