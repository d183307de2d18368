#!/usr/bin/env bash
# Makes the reference charts in docs/charts/ (see docs/loadtest.md): a `compare` of every stage
# whose module exists plus real Redis, then copies the PNGs and the CSV next to the docs.
# Run from the workbook directory after packaging everything:
#   ./mvnw -q package -DskipTests && bash loadtest/reference-charts.sh
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/reference
rm -rf "$OUT"
"$JAVA" -jar loadtest/target/loadtest.jar compare --connections 1,10,50,100,500,1000 \
    --duration 3s --warmup 1s --out "$OUT" "$@"
mkdir -p docs/charts
rm -f docs/charts/compare-*.png
for f in "$OUT"/*.png; do cp "$f" "docs/charts/compare-$(basename "$f")"; done
cp "$OUT/compare.csv" docs/charts/compare.csv
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee docs/charts/compare-machine.txt
