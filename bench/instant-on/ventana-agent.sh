#!/bin/sh
# The spike's guest agent (busybox sh), copied into the spike variant of the tiny image by
# variant.sh as /sbin/ventana-agent. It finds its virtio-serial port by name without udev, says
# "ready" (the write blocks until the host connects, so a restored clone's first words reach the
# host that connects to it), then answers one command per line until the host disconnects
# (read returns end-of-file while no host is connected), and says "ready" again.
port=
n=0
while [ -z "$port" ] && [ $n -lt 100 ]; do
  for d in /sys/class/virtio-ports/*; do
    [ "$(cat "$d/name" 2>/dev/null)" = dev.ventana.agent ] && port=/dev/${d##*/}
  done
  [ -n "$port" ] || { sleep 0.1; n=$((n + 1)); }
done
[ -n "$port" ] || { echo "ventana: agent: no port dev.ventana.agent" > /dev/ttyS0; exit 1; }
echo "ventana: agent on $port" > /dev/ttyS0
exec 3<>"$port"
while true; do
  echo "ready $(cut -d' ' -f1 /proc/uptime)" >&3 || { sleep 0.2; continue; }
  while read -r cmd arg <&3; do
    case "$cmd" in
      ping) echo "pong $arg" >&3 ;;
      urandom) echo "urandom $(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" >&3 ;;
      reseeded) echo "reseeded $(dmesg | grep -c 'crng reseeded due to virtual machine fork')" >&3 ;;
      clock) echo "clock $(date +%s)" >&3 ;;
      settime) date -s "@$arg" >/dev/null 2>&1; echo "clock $(date +%s)" >&3 ;;
      hctosys) hwclock -s -u 2>/dev/null; echo "clock $(date +%s)" >&3 ;;
      hostname) hostname "$arg"; echo "hostname $(hostname)" >&3 ;;
      mount)
        # The data disk arrives by hot-plug: wait for it, then mount it.
        t0=$(cut -d' ' -f1 /proc/uptime); i=0
        while [ ! -b /dev/vdb ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i + 1)); done
        t1=$(cut -d' ' -f1 /proc/uptime)
        if mount -t ext4 /dev/vdb /data; then
          echo "mounted waited=$t0..$t1 now=$(cut -d' ' -f1 /proc/uptime) files=$(ls /data | tr '\n' ',')" >&3
        else
          echo "mount-failed" >&3
        fi ;;
      *) echo "unknown $cmd" >&3 ;;
    esac
  done
  sleep 0.05
done
