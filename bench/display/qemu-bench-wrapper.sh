#!/usr/bin/env bash
# The session host's QEMU for the display benchmark (--ventana.host.qemu-binary): QEMU as the
# host starts it, plus a second QMP monitor, bench-qmp.sock beside the guest's qmp.sock, for
# guest-echo.mjs (the host holds the first one, and QEMU serves one client per monitor).
# A monitor is no device: the guest sees the same machine. Other calls (--version) pass through.
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = -qmp ] && [[ "${args[$((i + 1))]}" == unix:*/qmp.sock,* ]]; then
    dir="${args[$((i + 1))]#unix:}"; dir="${dir%/qmp.sock,*}"
    args+=(-qmp "unix:$dir/bench-qmp.sock,server=on,wait=off")
    break
  fi
done
exec "${VENTANA_BENCH_QEMU:-qemu-system-x86_64}" "${args[@]}"
