#!/usr/bin/env bash
# office-packages.sh [office version dir]: application packages in a real office guest, briefly (a
# TCG boot of office takes minutes): the same two demo packages as tiny-packages.sh (made for
# office), on a cold boot's command line after the data disk; SESSION with packages=; both attach,
# each application sees its own files as the user, writes to the base and the package are refused,
# IceWM's menu lists them, the user's ventana-launch starts one, a setting lands in
# /home/user/.packages/<name>/upper; then a package's X application published (app=). Env: VENTANA_IMAGES_DIR (default <repo>/build/images).
set -euo pipefail
IMAGE=office BOOT_TIMEOUT=600 SESSION_TIMEOUT=240
source "$(dirname "$0")/lib.sh"

step "boot: SESSION with packages=demo1@$id1,demo2@$id2"
boot "$(cat "$run/demo1.dir")" "$(cat "$run/demo2.dir")"
session "SESSION data=rw name=pkgtest packages=demo1@$id1,demo2@$id2" "SESSION-STARTED"
g wait "$run" "ventana: package demo1 attached" 20 && g wait "$run" "ventana: package demo2 attached" 20 \
  || fail "packages not attached"
echo "ok: ventana: package demo1 attached / ventana: package demo2 attached"
expect "the scripts are installed" 'ls /usr/local/sbin/ventana-pkg-attach /usr/local/sbin/ventana-pkg-run /usr/local/sbin/ventana-launcher /usr/local/bin/ventana-launch && mksquashfs -version | head -n 1' "mksquashfs version"
expect "the data disk found by its label" 'grep " /home/user " /proc/mounts' "/home/user ext4 rw"
expect "demo1 sees its own files" 'ventana-pkg-run demo1 user demo' "demo: version=1, library 1, setting none, as 1000"
expect "demo2 sees its own files" 'ventana-pkg-run demo2 user demo' "demo: version=2, library 2, setting none, as 1000"
expect "the base has neither" 'cat /etc/demo.conf; command -v demo || echo no-demo' "no-demo"
expect "user cannot write its package's file" 'ventana-pkg-run demo1 user sh -c "echo x > /etc/demo.conf"' "Permission denied"
expect "user cannot write the base" 'ventana-pkg-run demo1 user sh -c "echo x > /usr/bin/evil"' "Permission denied"
expect "the other package is hidden" 'ventana-pkg-run demo1 user ls -A /run/ventana/packages; echo listed' "listed"
expect "a setting in demo2's view" 'ventana-pkg-run demo2 user sh -c "echo colour=blue > /var/tmp/demo-setting; demo"; ls -ln /home/user/.packages/demo2/upper/var/tmp; stat -c "%a %u" /home/user/.packages' "700 0"
expect "IceWM's menu lists them" 'cat /run/ventana/icewm-menu; tail -n 1 /etc/X11/icewm/menu' 'prog "Demo 2" - ventana-launch demo2'
expect "the user launches one" 'runuser -u user -- ventana-launch demo1; sleep 5; runuser -u user -- ventana-launch evil; sleep 2; cat /tmp/ventana-launch.log' "demo: version=1"
g wait "$run" "ventana: application demo1 from package demo1 exited with status 0" 30 \
  && g wait "$run" "ventana: launch refused: unknown application 'evil'" 10 || fail "ventana-launch"
echo "ok: launched demo1, refused evil"
power_off

step "boot 2: a package's X application published (app=dterm: xterm of the base, in demo1's view)"
"$repo/deploy/packages/make.sh" --name term1 --from "$run/tree1" --app "dterm|Demo terminal|terminal|xterm" \
  --made-for office --out "$run/packages" 2>/dev/null > "$run/term1.dir"
idt=$(basename "$(cat "$run/term1.dir")")
boot "$(cat "$run/term1.dir")"
session "SESSION data=rw name=pkgtest app=dterm packages=term1@$idt" "SESSION-STARTED"
g wait "$run" "ventana: application dterm started" 120 || fail "the published application did not start"
echo "ok: ventana: application dterm started"
expect "its window's process is in the package's view, as the user" \
  'p=$(pgrep -u user -x xterm); cat /proc/$p/root/etc/demo.conf; [ "$(readlink /proc/$p/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] && echo own-namespace' "own-namespace"
power_off
echo
echo "all checks passed"
