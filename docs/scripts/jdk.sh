# Finding a JDK 21+, shared by setup.sh, docs/scripts/lab.sh and .ci/run (source this file).
java_major() { # the major version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ { split($2, v, "."); print v[1]; found=1 } END { if (!found) print 0 }'
}
find_jdk() { # prints a JAVA_HOME with a JDK 21+, or nothing
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    echo "$JAVA_HOME"; return
  fi
  if command -v java >/dev/null && [ "$(java_major "$(command -v java)")" -ge 21 ]; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"; return
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  [ -n "$best" ] && dirname "$(dirname "$best")"
  return 0
}
