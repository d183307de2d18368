#!/usr/bin/env bash
# Makes the pitfall charts of chapters 1-4 in docs/charts/ (see docs/loadtest.md), each from one
# small `compare` (stages 3 and 4 also run PING first: compare sweeps every workload a server
# speaks, and the chart kept is the one named), titled with its lesson (--title CHART=TEXT; check
# the title against the CSV after a run). Run from the workbook directory after packaging everything:
#   ./mvnw -q package -DskipTests && bash loadtest/pitfall-charts.sh
#   bash loadtest/pitfall-charts.sh stage2-pool-starvation     # only the charts named
#   RENDER_ONLY=1 bash loadtest/pitfall-charts.sh              # redraw from docs/charts/*.csv, measuring nothing
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/pitfalls
ONLY=" $* "
wanted() { [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $1 "* ]]; }
compare() { # name, chart to keep, its title, compare arguments...
  local name=$1 chart=$2 title=$3; shift 3
  wanted "$name" || return 0
  rm -rf "${OUT:?}/$name"
  local start=$SECONDS
  "$JAVA" -jar loadtest/target/loadtest.jar compare --no-redis --duration 2s --warmup 1s --out "$OUT/$name" -q \
      ${RENDER_ONLY:+--from-csv "docs/charts/$name.csv"} --title "$chart=$title" "$@"
  cp "$OUT/$name/$chart.png" "docs/charts/$name.png"
  [ -n "${RENDER_ONLY:-}" ] || cp "$OUT/$name/compare.csv" "docs/charts/$name.csv"
  echo "$name: $((SECONDS - start)) s"
}
mkdir -p docs/charts
# Stage 1: one client at a time. With 50 ms of work per client, n clients wait up to n x 50 ms.
compare stage1-sequential-accept latency-p50 "One client at a time, 50 ms each: with 20 clients the median wait is 1 s" \
    --server "stage1:--work 50ms" --connections 1,2,5,10,20
# Stage 2: a fixed pool of 8 threads serves 8 kept-alive connections; the rest get nothing.
compare stage2-pool-starvation connections-served "A pool of 8 threads serves 8 kept-alive connections: 8 of 50 get a reply" \
    --server "pool of 8 threads=stage2:--threads pool --pool-size 8" \
    --server "a virtual thread per connection=stage2:--threads virtual" --connections 1,4,8,16,32,50
# Stage 2: what a thread per connection costs. Platform threads: one OS thread per connection;
# virtual threads: a handful of carrier threads, however many connections.
compare stage2-thread-cost server-threads "A platform thread per connection: over 1,000 OS threads; virtual threads: 24" \
    --server "platform threads=stage2:--threads platform" \
    --server "virtual threads=stage2:--threads virtual" --connections 10,100,1000,4000
# Stage 3: INCR on one key from many connections; the unguarded map loses updates.
compare stage3-lost-updates errors-incr "INCR on one key: the unguarded HashMap loses updates from 2 connections on" \
    --server "unguarded HashMap=stage3:--store unsafe" --server "ConcurrentHashMap=stage3:--store concurrent" \
    --workload incr --keys 1 --connections 1,2,4,8,16
# Stage 3: what each safe strategy costs, INCR on one hot key.
compare stage3-strategies throughput-incr "INCR on one hot key, 50 clients: three stores near 157,000/s, the owner thread 112,000" \
    --server "one owner thread (channel)=stage3:--store channel" --server "compare-and-set (atom)=stage3:--store atom" \
    --server "ConcurrentHashMap.compute=stage3:--store concurrent" --server "a read-write lock (locked)=stage3:--store locked" \
    --workload incr --keys 1 --connections 1,10,50
# Stage 4: pipelining. Stage 3 writes each reply on its own with Nagle's algorithm on; stage 4
# batches replies and sets TCP_NODELAY. 16 requests in flight per connection.
compare stage4-pipelining throughput-set "16 SETs in flight: stage 4 serves 1.2 million/s, stage 3 18,000/s (Nagle holds its replies)" \
    --server "stage 3, a write per reply, Nagle on=stage3" --server "stage 4, one write per batch, TCP_NODELAY=stage4" \
    --workload set --pipeline 16 --connections 1,10,50
[ -n "${RENDER_ONLY:-}" ] || echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee docs/charts/pitfalls-machine.txt
