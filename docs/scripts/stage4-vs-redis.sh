#!/usr/bin/env bash
# redis-benchmark against each stage 4 store and against a real redis-server, in one run, rounds
# interleaved so that both see the same machine. Each stage 4 JVM gets one discarded warm-up pass
# (JIT) before it is measured. Prints one line per measurement: round, server, pipeline, SET/GET/INCR.
# Needs: redis-server, redis-benchmark, redis-cli on PATH and the stage 4 jar
#   (mvn -B -pl stage4-commands package -DskipTests). Run from the repository root:
#   bash docs/scripts/stage4-vs-redis.sh            # ROUNDS=3 by default
set -euo pipefail
ROUNDS=${ROUNDS:-3}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
JAR=stage4-commands/target/stage4-commands.jar
STAGE_PORT=${STAGE_PORT:-7104}
REDIS_PORT=${REDIS_PORT:-7999}

wait_for() { for _ in $(seq 100); do redis-cli -p "$1" PING >/dev/null 2>&1 && return; sleep 0.1; done; echo "port $1 never answered" >&2; exit 1; }
bench() { # port, pipeline -> "SET GET INCR" requests per second
  redis-benchmark -p "$1" -t set,get,incr -n 100000 -c 50 -P "$2" -q 2>/dev/null | tr '\r' '\n' |
    awk '/requests per second/ { printf "%s ", $2 }'
}

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null || true' EXIT
wait_for "$REDIS_PORT"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(redis-server --version | cut -d' ' -f1-3)"
for round in $(seq "$ROUNDS"); do
  for store in channel atom concurrent locked; do
    "$JAVA" -jar "$JAR" --port "$STAGE_PORT" --store "$store" >/dev/null 2>&1 &
    pid=$!
    wait_for "$STAGE_PORT"
    bench "$STAGE_PORT" 1 >/dev/null   # warm-up, discarded
    for p in 1 16; do echo "round $round stage4-$store P=$p $(bench "$STAGE_PORT" "$p")"; done
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  for p in 1 16; do echo "round $round redis P=$p $(bench "$REDIS_PORT" "$p")"; done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
