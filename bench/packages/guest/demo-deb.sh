#!/bin/sh
# demo-deb.sh <version> <out dir>: a tiny Debian package "ventana-demo" whose version <version>
# installs /etc/ventana-demo.conf ("version=<version>") and /usr/bin/ventana-demo (prints its
# configuration and the library it found): two versions of one package are two packages that
# install different versions of the same files.
set -eu
v=$1 out=$2
d=$(mktemp -d)
mkdir -p "$d/DEBIAN" "$d/etc" "$d/usr/bin" "$d/usr/lib/ventana-demo"
cat > "$d/DEBIAN/control" <<C
Package: ventana-demo
Version: $v
Architecture: all
Maintainer: Ventana <ventana@example.org>
Description: Ventana's package spike: one file, two versions
C
echo /etc/ventana-demo.conf > "$d/DEBIAN/conffiles"
echo "version=$v" > "$d/etc/ventana-demo.conf"
echo "library $v" > "$d/usr/lib/ventana-demo/lib.txt"
cat > "$d/usr/bin/ventana-demo" <<'S'
#!/bin/sh
echo "ventana-demo: $(cat /etc/ventana-demo.conf), $(cat /usr/lib/ventana-demo/lib.txt)"
S
chmod 0755 "$d/usr/bin/ventana-demo"
mkdir -p "$out"
dpkg-deb --root-owner-group -b "$d" "$out/ventana-demo_${v}_all.deb" >/dev/null
rm -rf "$d"
echo "$out/ventana-demo_${v}_all.deb"
