#!/usr/bin/env bash
# The JMH benchmarks of chapter 3 (the stores without the network), as the chapter's table and
# chart: runs `exec:exec@jmh` (3 forks x 5 measured seconds per cell, about 14 minutes), prints the
# Markdown table, and copies the CSV and chart to docs/charts/stage3-jmh.*. Run from the
# repository root, with nothing else running:
#   bash docs/scripts/stage3-jmh-chart.sh
set -euo pipefail
MVN=${MVN:-./mvnw}
$MVN -f stage3-shared-state/pom.xml -q test-compile exec:exec@jmh "$@"
mkdir -p docs/charts
cp stage3-shared-state/target/jmh/stage3-jmh.csv stage3-shared-state/target/jmh/stage3-jmh.png docs/charts/
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)" \
    | tee docs/charts/stage3-jmh-machine.txt
