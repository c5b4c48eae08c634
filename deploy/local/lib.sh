# Shared by run.sh and test.sh: find a JDK, install Debian packages. Sourced, not run.

VENTANA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '\033[1mventana:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mventana: %s\033[0m\n' "$*" >&2; exit 1; }

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

# How the server and the session host are started: ZGC keeps garbage-collection pauses under a
# millisecond; G1's young pauses (8-53 ms in the display benchmark) stalled frames (docs/architecture.md).
VENTANA_JVM_OPTS=(-XX:+UseZGC)

# JAVA_HOME if it is >= 21; else the Temurin 25 JDK; else any JDK >= 21 under /usr/lib/jvm.
find_java() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local major; major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  die "no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25, and set JAVA_HOME to it."
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages that are not installed yet; apt-get update runs at most once.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} (Debian packages)"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q)
  if ! as_root "${apt[@]}" install "${missing[@]}" >/tmp/ventana-apt.log 2>&1; then
    as_root "${apt[@]}" update >>/tmp/ventana-apt.log 2>&1 || true
    as_root "${apt[@]}" install "${missing[@]}" >>/tmp/ventana-apt.log 2>&1 \
      || die "could not install ${missing[*]}; see /tmp/ventana-apt.log (is a Debian mirror reachable?)"
  fi
}
