#!/usr/bin/env bash
# Makes the pitfall charts of chapters 1-4 in docs/charts/ (see docs/loadtest.md), each from one
# small `compare` (stages 3 and 4 also run PING first: compare sweeps every workload a server
# speaks, and the chart kept is the one named). Run from the workbook directory after packaging everything:
#   ./mvnw -q package -DskipTests && bash loadtest/pitfall-charts.sh
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/pitfalls
rm -rf "$OUT"
compare() { # name, chart to keep, compare arguments...
  local name=$1 chart=$2; shift 2
  "$JAVA" -jar loadtest/target/loadtest.jar compare --no-redis --duration 2s --warmup 1s --out "$OUT/$name" -q "$@"
  cp "$OUT/$name/$chart.png" "docs/charts/$name.png"
  cp "$OUT/$name/compare.csv" "docs/charts/$name.csv"
}
mkdir -p docs/charts
# Stage 1: one client at a time. With 50 ms of work per client, n clients wait up to n x 50 ms.
compare stage1-sequential-accept latency-p50 --server "stage1:--work 50ms" --connections 1,2,5,10,20
# Stage 2: a fixed pool of 8 threads serves 8 kept-alive connections; the rest get nothing.
compare stage2-pool-starvation connections-served --server "stage2:--threads pool --pool-size 8" \
    --server "stage2:--threads virtual" --connections 1,4,8,16,32,50
# Stage 2: what a thread per connection costs. Platform threads: one OS thread per connection;
# virtual threads: a handful of carrier threads, however many connections.
compare stage2-thread-cost server-threads --server "stage2:--threads platform" \
    --server "stage2:--threads virtual" --connections 10,100,1000,4000
# Stage 3: INCR on one key from many connections; the unguarded map loses updates.
compare stage3-lost-updates errors-incr --server "stage3:--store unsafe" --server "stage3:--store concurrent" \
    --workload incr --keys 1 --connections 1,2,4,8,16
# Stage 3: what each safe strategy costs, INCR on one hot key.
compare stage3-strategies throughput-incr --server "stage3:--store channel" --server "stage3:--store atom" \
    --server "stage3:--store concurrent" --server "stage3:--store locked" --workload incr --keys 1 \
    --connections 1,10,50
# Stage 4: pipelining. Stage 3 writes each reply on its own with Nagle's algorithm on; stage 4
# batches replies and sets TCP_NODELAY. 16 requests in flight per connection.
compare stage4-pipelining throughput-set --server stage3 --server stage4 --workload set --pipeline 16 \
    --connections 1,10,50
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee docs/charts/pitfalls-machine.txt
