#!/usr/bin/env bash
# The chart of chapter 5's "What breaks": `loadtest crash` kills stage 5 (and Redis) with kill -9
# while 8 clients write, three times each, and counts the acknowledged writes each restart lost:
# none for the three fsync modes, hundreds to thousands with --aof-flush-delay. One bar per server
# configuration, the sum of its three rounds printed over it. Copies the chart and CSV to
# docs/charts/stage5-crash.*. Needs redis-server on PATH and the jars
# (./mvnw -q package -DskipTests). Run from the repository root:
#   bash docs/scripts/stage5-crash-chart.sh
#   RENDER_ONLY=1 bash docs/scripts/stage5-crash-chart.sh   # redraw from docs/charts/stage5-crash.csv, measuring nothing
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/stage5-crash
rm -rf "$OUT"
start=$SECONDS
"$JAVA" -jar loadtest/target/loadtest.jar crash --rounds 3 --writers 8 --out "$OUT" \
    ${RENDER_ONLY:+--from-csv docs/charts/stage5-crash.csv} \
    --server "always=stage5:--appendfsync always" --server "everysec=stage5" \
    --server "no=stage5:--appendfsync no" \
    --server "delay 10ms=stage5:--aof-flush-delay 10ms" --server "delay 100ms=stage5:--aof-flush-delay 100ms" \
    --server "delay 1s=stage5:--aof-flush-delay 1s" \
    --server "Redis always=redis:--appendonly yes --appendfsync always" \
    --title "crash-lost=kill -9, 3 times: each fsync mode loses 0 acknowledged writes, a flush delay (stage 5) loses them" "$@"
echo "stage5-crash: $((SECONDS - start)) s"
mkdir -p docs/charts
cp "$OUT/crash-lost.png" docs/charts/stage5-crash.png
[ -n "${RENDER_ONLY:-}" ] && exit 0
cp "$OUT/crash.csv" docs/charts/stage5-crash.csv
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee docs/charts/stage5-crash-machine.txt
