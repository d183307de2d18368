#!/usr/bin/env bash
# The workshop's set-up, run once with a network connection:
#   1. checks the prerequisites (a JDK 21+, Maven or the wrapper, nc; redis-cli and redis-server
#      are optional) and says what to install;
#   2. fetches everything the day needs (dependencies, plugins, test providers, the exec plugin
#      that `mvn -pl stageN compile exec:java` uses) and builds the runnable jars;
#   3. proves it: starts stage 1 and the harness with Maven offline (-o).
# After it, every documented command works without a network (workshop wifi).
#   bash setup.sh           # all three steps
#   bash setup.sh --check   # step 1 only
set -euo pipefail
cd "$(dirname "$0")"
missing=0
say() { echo "setup: $*"; }

# --- 1. prerequisites --------------------------------------------------------------------------
source docs/scripts/jdk.sh # java_major, find_jdk

default_major=$(command -v java >/dev/null && java_major "$(command -v java)" || echo 0)
jdk=$(find_jdk)
if [ -z "$jdk" ]; then
  say "MISSING a JDK 21 or newer (java -version says: $(java -version 2>&1 | head -1 || echo 'no java'))."
  say "  install one (Debian/Ubuntu: apt-get install openjdk-21-jdk; macOS: brew install openjdk@21),"
  say "  or point JAVA_HOME at it."
  missing=1
else
  export JAVA_HOME=$jdk PATH="$jdk/bin:$PATH"
  say "ok      JDK $(java_major "$jdk/bin/java") at $jdk"
  if [ "$default_major" -lt 21 ]; then
    say "        (your default java is older: export JAVA_HOME=$jdk before running the workshop's commands)"
  fi
fi
if [ -x ./mvnw ]; then
  say "ok      Maven wrapper ./mvnw (it fetches Maven 3.9.16 the first time)"
else
  say "MISSING the wrapper ./mvnw: this checkout is incomplete (git clone the repository again)"
  missing=1
fi
if command -v mvn >/dev/null; then say "ok      mvn ($(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'))"; else say "note    no mvn on the PATH: use ./mvnw wherever the workbook says mvn"; fi
if command -v nc >/dev/null; then say "ok      nc"; else say "MISSING nc, to talk to the servers by hand (apt-get install netcat-openbsd; macOS has it)"; missing=1; fi
for tool in redis-cli redis-server redis-benchmark; do
  if command -v "$tool" >/dev/null; then say "ok      $tool"; else
    say "note    no $tool (optional: chapters 4-6 compare with real Redis; apt-get install redis-tools redis-server, brew install redis)"
  fi
done
# Chapter 5's power cuts (loadtest powercut, check --power-loss) run servers on a FUSE filesystem.
if [ "$(uname -s)" != Linux ]; then
  say "note    no power cuts on $(uname -s) (optional: chapter 5's powercut needs Linux with FUSE)"
elif [ ! -e /dev/fuse ]; then
  say "note    no /dev/fuse (optional: chapter 5's powercut needs FUSE; in a container: --device /dev/fuse --cap-add SYS_ADMIN)"
elif ! compgen -G "/lib/*-linux-gnu/libfuse.so.2" >/dev/null && ! compgen -G "/usr/lib*/libfuse.so.2" >/dev/null; then
  say "note    no libfuse2 (optional: chapter 5's powercut needs it; apt-get install libfuse2 fuse)"
else
  say "ok      FUSE and libfuse2, for chapter 5's power cuts"
fi
if [ "$missing" -ne 0 ]; then
  say "install what is MISSING above, then run bash setup.sh again"
  exit 1
fi
[ "${1:-}" = "--check" ] && exit 0

# --- 2. fetch everything, build the jars --------------------------------------------------------
MVN=${MVN:-./mvnw} # MVN="mvn" to use your own Maven; extra options may follow
say "fetching dependencies and plugins, building the jars ($MVN; a few minutes the first time)"
# Every module compiled and packaged, with its test dependencies, without running the tests...
$MVN -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
# ...and one small test class, because surefire fetches its JUnit provider only when a test runs.
$MVN -B -pl stage1-hello-tcp test -Dtest=MainTest
$MVN -B -pl stage1-hello-tcp exec:java -Dexec.args=--version >/dev/null # the exec plugin and what it needs

# --- 3. prove the offline path ------------------------------------------------------------------
say "checking that the workshop works offline"
$MVN -o -B -pl stage1-hello-tcp compile exec:java -Dexec.args=--version
$MVN -o -B -pl loadtest compile exec:java -Dexec.args=--version
say "ready: every command of the workbook now works without a network"
