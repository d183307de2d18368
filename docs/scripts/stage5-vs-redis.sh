#!/usr/bin/env bash
# redis-benchmark SET (c50, P1 and P16, keys from a keyspace of 100,000: -r) against stage 5 and
# against a real redis-server, both keeping an append-only file, for each --appendfsync mode;
# rounds alternate which server goes first so that both see the same machine. Each measurement
# runs about RUN_SECONDS (3 by default, never under 2): a first pass of 5,000 requests gives the
# rate, and the measured pass asks for rate x RUN_SECONDS requests (again, larger, if it ran
# under 2 s). Each stage 5 JVM first gets one discarded warm-up pass (JIT). Every server starts
# on an empty data directory. Prints one line per measurement (requests per second, then the
# seconds it ran), then a table of medians with the ratio stage5/redis.
# Needs: redis-server, redis-benchmark, redis-cli on PATH and the stage 5 jar
#   (./mvnw -q -pl stage5-aof package -DskipTests). Run from the repository root:
#   bash docs/scripts/stage5-vs-redis.sh            # ROUNDS=3, RUN_SECONDS=3 by default
set -euo pipefail
ROUNDS=${ROUNDS:-3}
RUN_SECONDS=${RUN_SECONDS:-3}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
JAR=stage5-aof/target/stage5-aof.jar
STAGE_PORT=${STAGE_PORT:-7105}
REDIS_PORT=${REDIS_PORT:-7995}
DATA=$(mktemp -d)
RESULTS=$DATA/results.txt
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$DATA"' EXIT

wait_for() { for _ in $(seq 100); do redis-cli -p "$1" PING >/dev/null 2>&1 && return; sleep 0.1; done; echo "port $1 never answered" >&2; exit 1; }
bench() { # port, pipeline, requests -> SET requests per second
  redis-benchmark -p "$1" -t set -r 100000 -n "$3" -c 50 -P "$2" -q 2>/dev/null | tr '\r' '\n' |
    awk '/requests per second/ { printf "%s", $2 }'
}
requests() { [ "$1" = always ] && echo 20000 || echo 200000; } # the stage 5 warm-up: a few seconds at most
sized() { # port, pipeline -> "rate seconds": a first pass gives the rate, the measured one runs RUN_SECONDS
  local rate n secs
  rate=$(bench "$1" "$2" 5000)
  for _ in 1 2 3; do
    n=$(awk -v r="$rate" -v s="$RUN_SECONDS" 'BEGIN { printf "%d", (r * s < 5000) ? 5000 : r * s }')
    rate=$(bench "$1" "$2" "$n")
    secs=$(awk -v n="$n" -v r="$rate" 'BEGIN { printf "%.1f", n / r }')
    awk -v t="$secs" 'BEGIN { exit !(t >= 2) }' && break
  done
  echo "$rate $secs"
}
start() { # server, mode
  rm -rf "$DATA/files" && mkdir -p "$DATA/files"
  if [ "$1" = stage5 ]; then
    "$JAVA" -jar "$JAR" --port "$STAGE_PORT" --dir "$DATA/files" --appendfsync "$2" >/dev/null 2>&1 &
    pid=$!; wait_for "$STAGE_PORT"
    bench "$STAGE_PORT" 16 "$(requests "$2")" >/dev/null # warm-up, discarded
  else
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DATA/files" --save '' \
        --appendonly yes --appendfsync "$2" >/dev/null &
    pid=$!; wait_for "$REDIS_PORT"
  fi
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
measure() { # round, server, mode
  local port=$STAGE_PORT; [ "$2" = redis ] && port=$REDIS_PORT
  start "$2" "$3"
  for p in 1 16; do echo "round $1 $3 P=$p $2 $(sized "$port" "$p") s" | tee -a "$RESULTS"; done
  stop
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(redis-server --version | cut -d' ' -f1-3)"
for round in $(seq "$ROUNDS"); do
  for mode in always everysec no; do
    if [ $((round % 2)) -eq 1 ]; then measure "$round" stage5 "$mode"; measure "$round" redis "$mode"
    else measure "$round" redis "$mode"; measure "$round" stage5 "$mode"; fi
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "SET c50, medians of $ROUNDS rounds (requests per second)"
printf '%-9s %-4s %12s %12s %7s\n' appendfsync P stage5 redis ratio
for mode in always everysec no; do
  for p in 1 16; do
    median() { grep " $mode P=$p $1 " "$RESULTS" | awk '{ print $6 }' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
    s=$(median stage5); r=$(median redis)
    printf '%-9s %-4s %12.0f %12.0f %7.2f\n' "$mode" "$p" "$s" "$r" "$(echo "$s $r" | awk '{ print $1 / $2 }')"
  done
done
