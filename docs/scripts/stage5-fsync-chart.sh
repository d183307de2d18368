#!/usr/bin/env bash
# The chart of chapter 5's "fsync cost per mode": `loadtest compare` of stage 5 and of a real
# redis-server (both with an append-only file) for each --appendfsync mode, SET at 1, 10 and 50
# connections. The throughput chart is drawn by `loadtest bars` from the CSV: a group of bars per
# fsync mode, a bar per server (stage 5 blue, Redis red), at 50 connections, on a log axis; the p99
# chart is compare's, a line per server and mode. Copies the charts and the CSV to
# docs/charts/stage5-fsync-*. Needs redis-server on PATH and the jars: ./mvnw -q package -DskipTests.
# Run from the repository root:
#   bash docs/scripts/stage5-fsync-chart.sh
#   RENDER_ONLY=1 bash docs/scripts/stage5-fsync-chart.sh   # redraw both charts from docs/charts/stage5-fsync.csv
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/stage5-fsync
mkdir -p docs/charts
start=$SECONDS
rm -rf "$OUT"
servers=()
for mode in always everysec no; do
  servers+=(--server "stage 5, $mode=stage5:--appendfsync $mode" \
            --server "Redis, $mode=redis:--appendonly yes --appendfsync $mode")
done
"$JAVA" -jar loadtest/target/loadtest.jar compare "${servers[@]}" --workload set --connections 1,10,50 \
    --duration 3s --warmup 1s --out "$OUT" -q ${RENDER_ONLY:+--from-csv docs/charts/stage5-fsync.csv} \
    --title "latency-p99-set=SET p99, 50 clients: stage 5 waits 65 ms with always (4 ms with everysec), Redis 1.2 ms" "$@"
cp "$OUT/latency-p99-set.png" docs/charts/stage5-fsync-latency-p99.png
[ -n "${RENDER_ONLY:-}" ] || cp "$OUT/compare.csv" docs/charts/stage5-fsync.csv
"$JAVA" -jar loadtest/target/loadtest.jar bars --csv docs/charts/stage5-fsync.csv --where workload=set \
    --where connections=50 --group "appendfsync always=appendfsync always" \
    --group "appendfsync everysec=appendfsync everysec" --group "appendfsync no=appendfsync no" \
    --series "stage 5=stage5" --series "Redis 7=redis" --value ops_per_sec --log-y throughput \
    --name throughput --y-title "SET/s at 50 connections" --out "$OUT" \
    --title "throughput=appendfsync always, 50 clients: stage 5 does 36x fewer SETs than with everysec, Redis 2.8x"
cp "$OUT/throughput.png" docs/charts/stage5-fsync-throughput.png
echo "stage5-fsync: $((SECONDS - start)) s"
[ -n "${RENDER_ONLY:-}" ] || echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee docs/charts/stage5-fsync-machine.txt
