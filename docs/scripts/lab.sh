#!/usr/bin/env bash
# Makes a lab of stage N: a copy in labs/ whose key code you write yourself, guided by the tests.
#   bash docs/scripts/lab.sh 5            # all of stage 5's labs
#   bash docs/scripts/lab.sh 5 --lab 5.2  # one of them
#   bash docs/scripts/lab.sh 5 --reset    # remove the copy
#   bash docs/scripts/lab.sh --help       # the rest
# Offline after setup.sh. The work is done by docs/scripts/Lab.java.
set -euo pipefail
cd "$(dirname "$0")/../.."
source docs/scripts/jdk.sh
jdk=$(find_jdk)
if [ -z "$jdk" ]; then
  echo "lab: no JDK 21 or newer found; install one or point JAVA_HOME at it (bash setup.sh --check says more)" >&2
  exit 1
fi
exec "$jdk/bin/java" docs/scripts/Lab.java "$@"
