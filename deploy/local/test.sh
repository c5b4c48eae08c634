#!/usr/bin/env bash
# Installs what the tests need, then runs every test: Java (JUnit), TypeScript (node --test),
# real PostgreSQL, real QEMU guests and a real headless Chromium.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$VENTANA_ROOT"
find_java

apt_install chromium chromium-driver curl qemu-system-x86 qemu-system-gui qemu-utils squashfs-tools

IMAGES_DIR="${VENTANA_IMAGES_DIR:-$VENTANA_ROOT/build/images}"
# tiny for most guest tests; office for the desktop's own input test (OfficeDesktopInputIT).
for image in tiny office; do
  VENTANA_IMAGES_DIR="$IMAGES_DIR" "deploy/images/$image/build.sh" >/dev/null \
    || die "the $image image did not build; see the lines above."
done

exec ./mvnw -B verify \
  -Dventana.images.dir="$IMAGES_DIR" \
  -Dventana.chromium=/usr/bin/chromium \
  -Dventana.chromedriver=/usr/bin/chromedriver \
  "$@"
