#!/usr/bin/env bash
# The chart of chapter 5's "fsync cost per mode": `loadtest compare` of stage 5 and of a real
# redis-server (both with an append-only file) for each --appendfsync mode, SET at 1, 10 and 50
# connections. Copies the throughput and p99 latency charts and the CSV to docs/charts/stage5-fsync-*.
# Needs redis-server on PATH and the jars: ./mvnw -q package -DskipTests. Run from the repository root:
#   bash docs/scripts/stage5-fsync-chart.sh
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/stage5-fsync
rm -rf "$OUT"
servers=()
for mode in always everysec no; do
  servers+=(--server "stage5:--appendfsync $mode" --server "redis:--appendonly yes --appendfsync $mode")
done
"$JAVA" -jar loadtest/target/loadtest.jar compare "${servers[@]}" --workload set --connections 1,10,50 \
    --duration 3s --warmup 1s --out "$OUT" "$@"
mkdir -p docs/charts
cp "$OUT/throughput-set.png" docs/charts/stage5-fsync-throughput.png
cp "$OUT/latency-p99-set.png" docs/charts/stage5-fsync-latency-p99.png
cp "$OUT/compare.csv" docs/charts/stage5-fsync.csv
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee docs/charts/stage5-fsync-machine.txt
