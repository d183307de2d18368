#!/usr/bin/env bash
# The chart of chapter 5's "What a power cut takes": `loadtest powercut` runs stage 5, stage 6 and
# Redis, each in always, everysec and no, on a power-cut filesystem (FUSE: only what was fsynced
# survives a cut). Each of 3 rounds: 8 clients write for 3 s, kill -9, restart, count the
# acknowledged writes lost; then 8 clients write for 3 s, a power cut, restart, count again. Per
# server a bar for kill -9 and one for the power cut, sums of the three rounds. Copies the chart and
# CSV to docs/charts/stage5-powercut.*. Needs FUSE (/dev/fuse, libfuse2), redis-server on PATH and
# the jars (./mvnw -q package -DskipTests). Run from the repository root:
#   bash docs/scripts/stage5-powercut-chart.sh
#   RENDER_ONLY=1 bash docs/scripts/stage5-powercut-chart.sh   # redraw from docs/charts/stage5-powercut.csv, measuring nothing
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/stage5-powercut
rm -rf "$OUT"
start=$SECONDS
"$JAVA" -jar loadtest/target/loadtest.jar powercut --rounds 3 --writers 8 --write-for 3s --out "$OUT" \
    ${RENDER_ONLY:+--from-csv docs/charts/stage5-powercut.csv} \
    --server "stage5 always=stage5:--appendfsync always" --server "stage5 everysec=stage5:--appendfsync everysec" \
    --server "stage5 no=stage5:--appendfsync no" \
    --server "stage6 always=stage6:--appendfsync always" --server "stage6 everysec=stage6:--appendfsync everysec" \
    --server "stage6 no=stage6:--appendfsync no" \
    --server "Redis always=redis:--appendonly yes --appendfsync always" \
    --server "Redis everysec=redis:--appendonly yes --appendfsync everysec" \
    --server "Redis no=redis:--appendonly yes --appendfsync no" \
    --title "powercut-lost=kill -9 loses nothing; a power cut takes what was not fsynced" "$@"
echo "stage5-powercut: $((SECONDS - start)) s"
mkdir -p docs/charts
cp "$OUT/powercut-lost.png" docs/charts/stage5-powercut.png
[ -n "${RENDER_ONLY:-}" ] && exit 0
cp "$OUT/powercut.csv" docs/charts/stage5-powercut.csv
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee docs/charts/stage5-powercut-machine.txt
