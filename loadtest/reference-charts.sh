#!/usr/bin/env bash
# Makes the reference charts in docs/charts/ (see docs/loadtest.md): a `compare` of every stage
# whose module exists plus real Redis, then copies the PNGs and the CSV next to the docs. Each
# server has its colour (stage 1 brown, 2 orange, 3 green, 4 purple, 5 blue, 6 cyan, Redis red);
# the charts the chapters show get their lesson as --title, true of docs/charts/compare.csv:
# after a new run, check them against the CSV and redraw with RENDER_ONLY=1.
# Run from the workbook directory after packaging everything:
#   ./mvnw -q package -DskipTests && bash loadtest/reference-charts.sh
#   RENDER_ONLY=1 bash loadtest/reference-charts.sh   # redraw from docs/charts/compare.csv, measuring nothing
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/reference
rm -rf "$OUT"
titles=(  # the lessons of the charts the chapters show, as --title CHART=TEXT
  --title "throughput-greeting=Stage 1 greets 57,000 clients/s one at a time; from 100 waiting on, some time out"
  --title "errors-greeting=Stage 1, one client at a time: from 100 clients on, requests time out (769 at 1,000)"
  --title "connections-served-greeting=Stage 1 serves every connection in the end, one at a time (1,000 of 1,000)"
  --title "throughput-ping=PING at 100 clients: stage 6 and Redis about 260,000/s, stages 2-5 131,000 to 192,000"
  --title "errors-ping=PING: stages 2-5 (a thread each) time out at 500-1,000 clients, stage 6 and Redis never"
  --title "connections-served-ping=1,000 PING clients: stages 2, 3 and 5 serve 90-95 % in time; 4, 6 and Redis all"
  --title "latency-p50-ping=PING median at 1,000 clients: 4 to 5.5 ms for every server"
  --title "latency-p99-ping=PING p99 at 50 clients: 0.3-0.4 ms for stage 6 and Redis, 4.2 ms with a thread each"
  --title "server-threads-ping=Server threads stay flat from 1 to 1,000 clients: 22-25 per JVM stage, 5 in Redis"
  --title "server-memory-ping=Memory at 1,000 PING clients: stage 6 161 MiB, stages 2-5 about 300, Redis 24"
  --title "throughput-set=SET at 100 clients: stage 6 and Redis about 240,000/s, stages 3-5 130,000 to 168,000"
  --title "errors-set=SET: stages 3-5 have timeouts at 500 or 1,000 clients, stage 6 and Redis none"
  --title "latency-p50-set=SET median at 1,000 clients: 3 to 7 ms for every server"
  --title "latency-p99-set=SET p99 at 50 clients: stage 6 and Redis 0.4 ms, stages 3-5 4.2 ms"
)
start=$SECONDS
"$JAVA" -jar loadtest/target/loadtest.jar compare --connections 1,10,50,100,500,1000 \
    --duration 3s --warmup 1s --out "$OUT" ${RENDER_ONLY:+--from-csv docs/charts/compare.csv} \
    "${titles[@]}" "$@"
mkdir -p docs/charts
rm -f docs/charts/compare-*.png
for f in "$OUT"/*.png; do cp "$f" "docs/charts/compare-$(basename "$f")"; done
echo "reference charts: $((SECONDS - start)) s"
[ -n "${RENDER_ONLY:-}" ] && exit 0
cp "$OUT/compare.csv" docs/charts/compare.csv
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee docs/charts/compare-machine.txt
