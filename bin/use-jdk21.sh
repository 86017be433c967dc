# Sourced by the other scripts: makes sure Maven runs on a JDK 21 or newer.
# Keeps JAVA_HOME when it already points at one; otherwise picks the newest JDK 21+ under /usr/lib/jvm
# (Debian, Ubuntu, Temurin packages) or /Library/Java/JavaVirtualMachines (macOS).

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
  :
elif command -v java >/dev/null 2>&1 && [ "$(java_major "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")" -ge 21 ] 2>/dev/null; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
else
  best=""; best_version=0
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/java" ] || continue
    version="$(java_major "$candidate")"
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best="$candidate"; best_version="$version"
    fi
  done
  if [ -z "$best" ]; then
    echo "Jobline needs a JDK 21 or newer; none found. Install one (e.g. Temurin 21) or set JAVA_HOME." >&2
    exit 1
  fi
  JAVA_HOME="$best"
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
