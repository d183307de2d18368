#!/usr/bin/env bash
# The figures behind the agenda in docs/README.md: for each chapter, the words of its core (before
# "## Going further", outside code) and the minutes they take at 180 words a minute, then the
# time each of its runnable blocks (the commands the core asks attendees to run) took here.
# Run from the repository root after ./mvnw -q package -DskipTests (and redis-server on the PATH):
#   bash docs/scripts/agenda-times.sh
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
for chapter in docs/stage[1-6]-*.md docs/loadtest.md; do
  words=$(awk '/^## Going further/{exit} /^```/{c=!c; next} !c' "$chapter" | wc -w)
  echo "$chapter: core $words words, $(( (words + 179) / 180 )) min of reading"
  "$JAVA" .ci/RunCommands.java "$chapter" | grep '^commands: docs' | sed 's/^commands: /  block at /'
done
