#!/usr/bin/env bash
# The charts of chapter 6, each a `loadtest compare` of stage 6 with one switch flipped (and real
# Redis where it makes the point): the listen backlog, fsync with and without group commit, and
# the I/O model, pipelining; then `loadtest memory` for the memory each key costs.
# Copies the charts and CSVs to docs/charts/stage6-*.
# Needs redis-server on PATH and the jars: ./mvnw -q package -DskipTests. Run from the repository root:
#   bash docs/scripts/stage6-charts.sh                  # all five (about 7 minutes)
#   bash docs/scripts/stage6-charts.sh io pipelining    # only those (backlog, group-commit, io, pipelining, memory)
#   RENDER_ONLY=1 bash docs/scripts/stage6-charts.sh backlog   # redraw from docs/charts/stage6-*.csv, measuring nothing
# Each chart a chapter shows gets its lesson as --title: check it against the CSV after a run.
set -euo pipefail
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
OUT=target/loadtest/stage6
ONLY=" $* "
mkdir -p docs/charts
wanted() { [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $1 "* ]]; }
compare() { # name, then compare's arguments
  local name=$1; shift
  rm -rf "${OUT:?}/$name"
  local start=$SECONDS
  "$JAVA" -jar loadtest/target/loadtest.jar compare --duration 3s --warmup 1s --out "$OUT/$name" -q \
      ${RENDER_ONLY:+--from-csv "docs/charts/stage6-$name.csv"} "$@"
  [ -n "${RENDER_ONLY:-}" ] || cp "$OUT/$name/compare.csv" "docs/charts/stage6-$name.csv"
  echo "stage6-$name: $((SECONDS - start)) s"
}
# A burst of connections against a backlog of 5 (the Elixir article's) and Redis's 511.
if wanted backlog; then
  compare backlog --server "backlog 5=stage6:--backlog 5" --server "backlog 511 (the default)=stage6" \
      --workload ping --connections 1,100,1000 --timeout 2s \
      --title "first-reply=A listen backlog of 5: half of 100 new clients wait 1 s for a first reply (511: 8 ms)" \
      --title "connections-served=A listen backlog of 5: 92 of 100 and 745 of 1,000 connections get a reply; 511: all" \
      --title "errors=A listen backlog of 5: requests time out (2 s) at 100 and 1,000 clients; with 511 none do"
  cp "$OUT/backlog/first-reply.png" docs/charts/stage6-backlog-first-reply.png
  cp "$OUT/backlog/connections-served.png" docs/charts/stage6-backlog-connections-served.png
  cp "$OUT/backlog/errors.png" docs/charts/stage6-backlog-errors.png
fi
# appendfsync always: each client taking its turn (stage 5), group commit, the event loop, Redis.
if wanted group-commit; then
  compare group-commit --workload set --connections 1,10,50 \
      --server "each client fsyncs its own write (threads)=stage6:--appendfsync always --io threads --aof-group-commit no" \
      --server "group commit (threads)=stage6:--appendfsync always --io threads" \
      --server "group commit (event loop)=stage6:--appendfsync always" \
      --server "Redis 7=redis:--appendonly yes --appendfsync always" \
      --title "throughput-set=fsync always, 50 clients: 7,100 SET/s fsyncing one by one, 84,000 with group commit"
  cp "$OUT/group-commit/throughput-set.png" docs/charts/stage6-group-commit-throughput.png
fi
# The I/O models against Redis, up to 1,000 connections.
if wanted io; then
  compare io --workload set --connections 1,10,50,100,500,1000 \
      --server "a virtual thread per connection=stage6:--io threads" --server "event loop (the default)=stage6" \
      --server "Redis 7=redis:--appendonly yes" \
      --title "throughput-set=1,000 clients: the event loop serves 185,000 SET/s, Redis 160,000, a thread each 141,000"
  cp "$OUT/io/throughput-set.png" docs/charts/stage6-io-throughput.png
  cp "$OUT/io/server-memory-set.png" docs/charts/stage6-io-server-memory.png
fi
# Pipelining: 16 requests in flight per connection, every model against Redis.
if wanted pipelining; then
  compare pipelining --workload set --connections 1,10,50 --pipeline 16 \
      --server "a virtual thread per connection=stage6:--io threads" --server "event loop (the default)=stage6" \
      --server "Redis 7=redis:--appendonly yes" \
      --title "throughput-set=16 SETs in flight, 50 clients: event loop 2.1 million SET/s, a thread each 1.2, Redis 1.1"
  cp "$OUT/pipelining/throughput-set.png" docs/charts/stage6-pipelining-throughput.png
fi
# Memory per key: stage 4's map, stage 6's compact store (and its map, for the same code around it), Redis.
if wanted memory; then
  rm -rf "${OUT:?}/memory"
  "$JAVA" -jar loadtest/target/loadtest.jar memory --out "$OUT/memory" \
      --server "a map of strings (stage 4)=stage4" --server "a map of byte arrays=stage6:--store concurrent" \
      --server "the compact store (stage 6)=stage6" --server "Redis 7=redis:--appendonly yes" \
      --title "memory-per-key=A million small keys: the compact store 90 bytes each, Redis 88, a map 128"
  cp "$OUT/memory/memory.csv" docs/charts/stage6-memory.csv
  cp "$OUT/memory/memory-per-key.png" docs/charts/stage6-memory-per-key.png
fi
[ -n "${RENDER_ONLY:-}" ] || echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee docs/charts/stage6-machine.txt
