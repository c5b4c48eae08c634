#!/bin/sh
# The guest's end of the guest channel (docs/session-host.md, "Guest channel"): the virtio-serial
# port named dev.ventana.agent, found by its name in sysfs (no udev needed). One message per
# line. It says READY with its uptime, then does what the host says; it outlives a host restart
# by opening the port again. A port opens once at a time, so one descriptor serves both ways.
port=
for d in /sys/class/virtio-ports/*; do
  [ "$(cat "$d/name" 2>/dev/null)" = dev.ventana.agent ] && port=/dev/${d##*/}
done
[ -n "$port" ] || { echo "ventana: no guest channel" > /dev/ttyS0; exit 0; }
while true; do
  exec 3<>"$port" || { sleep 1; continue; }
  echo "READY $(cut -d' ' -f1 /proc/uptime)" >&3
  while read -r verb arg <&3; do
    case "$verb" in
      CLOCK) date -u -s "@$arg" >/dev/null 2>&1; echo "CLOCK-SET $(date +%s)" >&3 ;;
      *) echo "UNKNOWN $verb" >&3 ;;
    esac
  done
  exec 3<&-
  sleep 1
done
