#!/bin/sh
# The guest's end of the guest channel (docs/session-host.md, "Guest channel"): the virtio-serial
# port named dev.ventana.agent, found by its name in sysfs (no udev needed). One message per
# line. The port is opened once for the guest's life (it opens once at a time, so one descriptor
# serves both ways). At start it says READY, which waits for the host to connect; a host that
# connects later (restarted, or another client) says HELLO first and is answered READY.
#
# Plain POSIX sh (busybox ash in tiny, dash in office): no read -t, so nothing here waits with a
# timeout; the init's 30 s fallback is its own timer.
#
# SESSION hands the user's session to the init (which owns it, as PID 1 owns the console) through
# two FIFOs the init made and holds open, so opening them never blocks:
#   /run/ventana/session  agent -> init: "SESSION <rw|ro|none> <name> <app|-> <packages|->"
#                         (packages: <name>@<id>[,<name>@<id>...] as SESSION gave them)
#   /run/ventana/started  init -> agent: "STARTED [packages-missing=<name>[,...]]" or "FAILED <reason>"
# The directory /run/ventana/claimed decides, atomically, whether the session comes from the host
# or from the init's cold-boot fallback: whoever makes it starts the session.
run=/run/ventana
port=
for d in /sys/class/virtio-ports/*; do
  [ "$(cat "$d/name" 2>/dev/null)" = dev.ventana.agent ] && port=/dev/${d##*/}
done
[ -n "$port" ] || { echo "ventana: no guest channel" > /dev/ttyS0; exit 0; }
# The host saves a template after READY, and every clone must draw different keys and cookies:
# vmgenid reseeds the kernel's generator in each clone only if it was initialised when saved.
# /dev/random blocks until then (Linux 5.6+); virtio-rng makes that early.
head -c 1 /dev/random >/dev/null
exec 3<>"$port" || exit 0
exec 5<>"$run/started" || exit 0
# The arguments are split on blanks; a * in them must not become file names.
set -f
session=idle
up() { cut -d' ' -f1 /proc/uptime; }

# Prints the answer to SESSION <arguments>; sets session to started or failed (so it runs in the
# agent's shell, never in a $(...) subshell).
session_request() {
  data= name= app= pkgs= bad= seen=
  for kv in $1; do
    key=${kv%%=*}
    case " $seen " in *" $key "*) bad=1 ;; esac
    seen="$seen $key"
    case "$kv" in
      data=rw|data=ro|data=none) data=${kv#data=} ;;
      name=*) name=${kv#name=} ;;
      app=*) app=${kv#app=}; [ -n "$app" ] || bad=1 ;;
      packages=*) pkgs=${kv#packages=}; [ -n "$pkgs" ] || bad=1 ;;
      *) bad=1 ;;
    esac
  done
  # Application packages (docs/session-host.md, "Application packages"): at most 16 <name>@<id>,
  # names as application ids, ids a package version's 16 hex digits, no name twice.
  if [ -n "$pkgs" ]; then
    case ",$pkgs," in *,,*) bad=1 ;; esac
    n=0 names=' '
    for p in $(echo "$pkgs" | tr ',' ' '); do
      n=$((n + 1)) pn=${p%%@*} pid=${p#*@}
      [ "$pn@$pid" = "$p" ] || bad=1
      case "$pn" in [a-z]*) ;; *) bad=1 ;; esac
      case "$pn" in *[!a-z0-9-]*) bad=1 ;; esac
      [ ${#pn} -le 32 ] || bad=1
      case "$pid" in *[!0-9a-f]*) bad=1 ;; esac
      [ ${#pid} -eq 16 ] || bad=1
      case "$names" in *" $pn "*) bad=1 ;; esac
      names="$names$pn "
    done
    [ "$n" -le 16 ] || bad=1
  fi
  case "$name" in ''|*[!a-z0-9-]*) bad=1 ;; esac
  [ ${#name} -le 63 ] || bad=1
  if [ -n "$app" ]; then
    case "$app" in [a-z]*) ;; *) bad=1 ;; esac
    case "$app" in *[!a-z0-9-]*) bad=1 ;; esac
    [ ${#app} -le 32 ] || bad=1
    # An application this version does not publish is the host's mistake, not a reason to end the
    # guest. One of a package is known once the init has attached it: it answers FAILED
    # unknown-application then.
    [ -n "$bad" ] || awk -F'|' -v id="$app" '$1 == id {f = 1} END {exit !f}' /etc/ventana/applications \
      || [ -n "$pkgs" ] || bad=1
  fi
  [ -n "$data" ] || bad=1
  if [ -n "$bad" ]; then echo "SESSION-FAILED invalid"; return; fi
  case "$session" in
    started) echo "SESSION-FAILED already-started"; return ;;
    idle)
      # The init's cold-boot fallback may have claimed the session already.
      if ! mkdir "$run/claimed" 2>/dev/null; then
        session=started
        echo "SESSION-FAILED already-started"
        return
      fi ;;
    # failed: the claim is still ours; the host may try again (e.g. with the disk now plugged).
  esac
  echo "SESSION $data $name ${app:--} ${pkgs:--}" > "$run/session"
  read -r answer reason <&5
  if [ "$answer" = STARTED ]; then
    session=started
    # packages-missing=<names> after the uptime, when a package did not attach.
    echo "SESSION-STARTED $(up)${reason:+ $reason}"
  else
    session=failed
    echo "SESSION-FAILED ${reason:-unknown}"
  fi
}

echo "READY $(up)" >&3
idle=0
while true; do
  if read -r verb arg <&3; then
    idle=0
    case "$verb" in
      HELLO) echo "READY $(up)" >&3 ;;
      CLOCK) date -u -s "@$arg" >/dev/null 2>&1; echo "CLOCK-SET $(date +%s)" >&3 ;;
      SESSION) session_request "$arg" >&3 ;;
      # The desktop's size follows the viewer's window (docs/session-host.md, "Resize"); an image
      # without a desktop (tiny's text console) has no such script.
      DISPLAY-SIZE)
        if [ "$session" != started ]; then echo "DISPLAY-SIZE-FAILED no-desktop" >&3
        elif [ ! -x /usr/local/sbin/ventana-display-size ]; then echo "DISPLAY-SIZE-FAILED unsupported" >&3
        else
          r=$(/usr/local/sbin/ventana-display-size "$arg" 2>/dev/null)
          if [ "$r" = ok ]; then echo "DISPLAY-SIZE-SET $arg" >&3; else echo "DISPLAY-SIZE-FAILED ${r:-refused}" >&3; fi
        fi ;;
      # A packaging guest (docs/session-host.md, "Packaging"): its layer's desktop entries, and the
      # seal (the applications file in base64: the line is at most 1024 bytes). Only office has the
      # scripts; elsewhere, or without ventana.packaging=1, there is no capture to scan.
      PACKAGE-SCAN|PACKAGE-SEAL)
        if ! grep -qw 'ventana.packaging=1' /proc/cmdline || ! command -v ventana-pkg-seal >/dev/null; then
          echo "PACKAGE-FAILED not-packaging" >&3
        elif [ "$verb" = PACKAGE-SCAN ]; then
          ventana-pkg-scan 2>/dev/null >&3
        elif ! printf '%s' "$arg" | base64 -d > "$run/package-applications" 2>/dev/null; then
          echo "PACKAGE-FAILED invalid" >&3
        else
          r=$(ventana-pkg-seal "$run/package-applications" 2>/dev/null | tail -n 1)
          echo "${r:-PACKAGE-FAILED seal}" >&3
        fi ;;
      *) echo "UNKNOWN $verb" >&3 ;;
    esac
  else
    # No host connected: a read returns at once with nothing. Briefly a short pause: a template is
    # saved right after its host leaves, and a restored clone's first HELLO must be answered at
    # once. Then a long one: ten wake-ups a second cost an idle TCG guest about 4 % of a core
    # (bench/density), and a host that reconnects later can wait a second or two.
    idle=$((idle + 1))
    if [ "$idle" -le 30 ]; then sleep 0.1; else sleep 2; fi
  fi
done
