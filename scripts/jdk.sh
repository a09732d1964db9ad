# Sourced by ./pollux, ./run-tests and .ci/run: points JAVA_HOME at a JDK 25 or newer.
# Order: $JAVA_HOME if it is 25+, then well-known install folders, then `java` on the PATH.
pollux_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}
pollux_find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/jdk-25* \
           /usr/lib/jvm/java-25* /opt/java/jdk-25* "$HOME"/.sdkman/candidates/java/25*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    local v; v=$(pollux_java_major "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    local v; v=$(pollux_java_major "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
  fi
  return 1
}
if ! POLLUX_JDK=$(pollux_find_jdk); then
  echo "pollux: needs JDK 25 or newer (none found). Install Temurin 25 (https://adoptium.net) and set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$POLLUX_JDK"
