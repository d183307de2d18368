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
)
start=$SECONDS
"$JAVA" -jar loadtest/target/loadtest.jar compare --connections 1,10,50,100,500,1000 \
    --duration 3s --warmup 1s --out "$OUT" ${RENDER_ONLY:+--from-csv docs/charts/compare.csv} \
    ${titles[@]+"${titles[@]}"} "$@"
mkdir -p docs/charts
rm -f docs/charts/compare-*.png
for f in "$OUT"/*.png; do cp "$f" "docs/charts/compare-$(basename "$f")"; done
echo "reference charts: $((SECONDS - start)) s"
[ -n "${RENDER_ONLY:-}" ] && exit 0
cp "$OUT/compare.csv" docs/charts/compare.csv
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee docs/charts/compare-machine.txt
