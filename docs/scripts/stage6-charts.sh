#!/usr/bin/env bash
# The charts of chapter 6, each a `loadtest compare` of stage 6 with one switch flipped (and real
# Redis where it makes the point): the listen backlog, fsync with and without group commit, and
# the I/O model, pipelining; then `loadtest memory` for the memory each key costs.
# Copies the charts and CSVs to docs/charts/stage6-*.
# Needs redis-server on PATH and the jars: ./mvnw -q package -DskipTests. Run from the repository root:
#   bash docs/scripts/stage6-charts.sh                  # all five (about 7 minutes)
#   bash docs/scripts/stage6-charts.sh io pipelining    # only those (backlog, group-commit, io, pipelining, memory)
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/stage6
ONLY=" $* "
mkdir -p docs/charts
wanted() { [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $1 "* ]]; }
compare() { # name, then compare's arguments
  local name=$1; shift
  rm -rf "${OUT:?}/$name"
  "$JAVA" -jar loadtest/target/loadtest.jar compare --duration 3s --warmup 1s --out "$OUT/$name" -q "$@"
  cp "$OUT/$name/compare.csv" "docs/charts/stage6-$name.csv"
}
# A burst of connections against a backlog of 5 (the Elixir article's) and Redis's 511.
if wanted backlog; then
  compare backlog --server "stage6:--backlog 5" --server stage6 --workload ping --connections 1,100,1000 --timeout 2s
  cp "$OUT/backlog/connections-served.png" docs/charts/stage6-backlog-connections-served.png
  cp "$OUT/backlog/errors.png" docs/charts/stage6-backlog-errors.png
fi
# appendfsync always: each client taking its turn (stage 5), group commit, the event loop, Redis.
if wanted group-commit; then
  compare group-commit --workload set --connections 1,10,50 \
      --server "stage6:--appendfsync always --io threads --aof-group-commit no" \
      --server "stage6:--appendfsync always --io threads" \
      --server "stage6:--appendfsync always" \
      --server "redis:--appendonly yes --appendfsync always"
  cp "$OUT/group-commit/throughput-set.png" docs/charts/stage6-group-commit-throughput.png
fi
# The I/O models against Redis, up to 1,000 connections.
if wanted io; then
  compare io --workload set --connections 1,10,50,100,500,1000 \
      --server "stage6:--io threads" --server stage6 --server "redis:--appendonly yes"
  cp "$OUT/io/throughput-set.png" docs/charts/stage6-io-throughput.png
  cp "$OUT/io/server-memory-set.png" docs/charts/stage6-io-server-memory.png
fi
# Pipelining: 16 requests in flight per connection, every model against Redis.
if wanted pipelining; then
  compare pipelining --workload set --connections 1,10,50 --pipeline 16 \
      --server "stage6:--io threads" --server stage6 --server "redis:--appendonly yes"
  cp "$OUT/pipelining/throughput-set.png" docs/charts/stage6-pipelining-throughput.png
fi
# Memory per key: stage 4's map, stage 6's compact store (and its map, for the same code around it), Redis.
if wanted memory; then
  rm -rf "${OUT:?}/memory"
  "$JAVA" -jar loadtest/target/loadtest.jar memory --out "$OUT/memory" \
      --server stage4 --server "stage6:--store concurrent" --server stage6 --server "redis:--appendonly yes"
  cp "$OUT/memory/memory.csv" docs/charts/stage6-memory.csv
  cp "$OUT/memory/memory-per-key.png" docs/charts/stage6-memory-per-key.png
fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee docs/charts/stage6-machine.txt
