#!/usr/bin/env bash
# Stage 6 against a real redis-server on this machine, in the same run: every target of the
# stage 6 chapter. Both servers keep an append-only file (everysec unless the row says always),
# each on an empty data directory; rounds alternate which server goes first; the stage 6 JVM gets
# a discarded warm-up pass. Prints one line per measurement, then the table of medians with the
# ratio stage6/redis (for throughput higher is better; for time and memory lower is better).
# Every redis-benchmark run uses a keyspace of 100,000 keys (-r) and enough requests to last at
# least 2 s on a 2-core machine; a run that ends sooner prints a warning on stderr (raise N).
# Needs: Linux (/proc/loadavg, GNU date), redis-server, redis-benchmark, redis-cli, jcmd (the JDK)
#   on PATH, python3, the jars (./mvnw -q package -DskipTests), and a hard `ulimit -n` of at least
#   20,000 (10,000 connections on each side; the script raises its soft limit to the hard one).
# Run from the repository root:
#   bash docs/scripts/stage6-vs-redis.sh            # ROUNDS=3 by default, about 10 minutes
set -euo pipefail
ROUNDS=${ROUNDS:-3}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
JCMD=${JCMD:-${JAVA_HOME:+$JAVA_HOME/bin/}jcmd}
JAR=stage6-tuning/target/stage6-tuning.jar
HARNESS=loadtest/target/loadtest.jar
STAGE_PORT=${STAGE_PORT:-7106}
REDIS_PORT=${REDIS_PORT:-7996}
DATA=$(mktemp -d)
RESULTS=$DATA/results.txt
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$DATA"' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true # 10,000 connections need as many descriptors on each side

wait_for() { for _ in $(seq 300); do redis-cli -p "$1" PING >/dev/null 2>&1 && return; sleep 0.02; done; echo "port $1 never answered" >&2; exit 1; }
now_ms() { date +%s%3N; }
port_of() { [ "$1" = stage6 ] && echo "$STAGE_PORT" || echo "$REDIS_PORT"; }
record() { echo "round $1 | $2 | $3 | $4" | tee -a "$RESULTS"; } # round, metric, server, value

start() { # server, fsync mode, data directory -> pid in $pid
  mkdir -p "$3"
  if [ "$1" = stage6 ]; then
    "$JAVA" -jar "$JAR" --port "$STAGE_PORT" --dir "$3" --appendfsync "$2" >"$DATA/stage6.log" 2>&1 &
  else
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$3" --save '' --appendonly yes \
        --appendfsync "$2" --maxclients 20000 >"$DATA/redis.log" &
  fi
  pid=$!; pids+=("$pid"); wait_for "$(port_of "$1")"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
KEYSPACE=100000
rb() { # port, test, pipeline, requests -> requests per second (a warning on stderr if it took under 2 s)
  local t0 rate; t0=$(now_ms)
  rate=$(redis-benchmark -p "$1" -t "$2" -n "$4" -r "$KEYSPACE" -c 50 -P "$3" -q 2>/dev/null | tr '\r' '\n' | awk '/per second/ { printf "%s", $2 }')
  [ $(( $(now_ms) - t0 )) -ge 2000 ] || echo "warning: redis-benchmark -t $2 -P $3 -n $4 took under 2 s; raise -n" >&2
  printf '%s' "$rate"
}
harness() { # port, workload, connections, seconds -> the summary lines of a loadtest run
  "$JAVA" -jar "$HARNESS" run -p "$1" --workload "$2" -c "$3" --duration "${4}s" --warmup 1s --timeout 60s -q 2>&1
}
ops() { awk '/^throughput/ { gsub(",", "", $2); print $2 }'; }

measure() { # round, server
  local r=$1 s=$2 port; port=$(port_of "$2")
  start "$s" everysec "$DATA/$s-$r-everysec"
  if [ "$s" = stage6 ]; then rb "$port" set,get 16 2000000 >/dev/null 2>&1; harness "$port" set 50 2 >/dev/null; fi # warm-up
  record "$r" "redis-benchmark SET c50 P1" "$s" "$(rb "$port" set 1 400000)"
  record "$r" "redis-benchmark GET c50 P1" "$s" "$(rb "$port" get 1 400000)"
  record "$r" "redis-benchmark SET c50 P16" "$s" "$(rb "$port" set 16 6000000)"
  record "$r" "redis-benchmark GET c50 P16" "$s" "$(rb "$port" get 16 6000000)"
  record "$r" "harness SET c50" "$s" "$(harness "$port" set 50 5 | ops)"
  record "$r" "harness GET c50" "$s" "$(harness "$port" get 50 5 | ops)"
  local out; out=$(harness "$port" set 1000 5)
  record "$r" "harness SET c1000" "$s" "$(echo "$out" | ops)"
  record "$r" "harness SET c1000 errors" "$s" "$(echo "$out" | awk '/^errors/ { gsub(",", "", $2); print $2 }')"
  out=$(harness "$port" ping 10000 8)
  record "$r" "10,000 connections: served" "$s" "$(echo "$out" | awk '/^served/ { gsub(",", "", $2); print $2 }')"
  record "$r" "10,000 connections: last first reply (ms)" "$s" "$(echo "$out" | awk '/^first reply/ { for (i = 1; i < NF; i++) if ($i == "max") print $(i + 1) }')"
  out=$(harness "$port" ping 10000 8) # the same burst again: the JVM has now compiled its accept path
  record "$r" "10,000 connections again: served" "$s" "$(echo "$out" | awk '/^served/ { gsub(",", "", $2); print $2 }')"
  record "$r" "10,000 connections again: last first reply (ms)" "$s" "$(echo "$out" | awk '/^first reply/ { for (i = 1; i < NF; i++) if ($i == "max") print $(i + 1) }')"
  # Memory: 1,000,000 SETs of 10-byte values, growth of live heap (stage 6) or used_memory (Redis).
  local before after
  if [ "$s" = stage6 ]; then before=$(heap "$pid"); else before=$(used_memory); fi
  redis-cli -p "$port" --pipe <"$DATA/million.resp" >/dev/null
  if [ "$s" = stage6 ]; then after=$(heap "$pid"); else after=$(used_memory); fi
  record "$r" "memory per key, 1M keys (bytes)" "$s" "$(( (after - before) / 1000000 ))"
  stop
  rm -rf "$DATA/$s-$r-everysec"
  # Restart with a file of exactly those 1,000,000 SETs: from start to every key loaded.
  start "$s" everysec "$DATA/$s-$r-restart"
  redis-cli -p "$port" --pipe <"$DATA/million.resp" >/dev/null
  stop
  local t0; t0=$(now_ms)
  start "$s" everysec "$DATA/$s-$r-restart"
  until [ "$(redis-cli -p "$port" DBSIZE 2>/dev/null)" = 1000000 ]; do sleep 0.01; done
  record "$r" "restart with 1M SETs in the AOF (ms)" "$s" "$(( $(now_ms) - t0 ))"
  stop
  rm -rf "$DATA/$s-$r-restart"
  start "$s" always "$DATA/$s-$r-always"
  if [ "$s" = stage6 ]; then rb "$port" set 16 100000 >/dev/null 2>&1; fi # warm-up
  record "$r" "redis-benchmark SET c50 P1, always" "$s" "$(rb "$port" set 1 250000)"
  stop
  rm -rf "$DATA/$s-$r-always"
}
heap() { "$JCMD" "$1" GC.run >/dev/null; "$JCMD" "$1" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' | awk '{ print $1 * 1024 }'; }
used_memory() { redis-cli -p "$REDIS_PORT" INFO memory | awk -F: '/^used_memory:/ { print $2 + 0 }'; }

python3 - "$DATA/million.resp" <<'PY'
import sys
with open(sys.argv[1], 'wb') as f:
    for i in range(1_000_000):
        k, v = b'key:%07d' % i, b'v%09d' % i
        f.write(b'*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n' % (len(k), k, len(v), v))
PY
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(redis-server --version | cut -d' ' -f1-3); $("$JAVA" -version 2>&1 | head -1)"
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then measure "$round" stage6; measure "$round" redis
  else measure "$round" redis; measure "$round" stage6; fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "medians of $ROUNDS rounds"
printf '%-44s %14s %14s %7s\n' measurement stage6 redis ratio
cut -d'|' -f2 "$RESULTS" | awk '!seen[$0]++' | while read -r metric; do
  median() { grep -F "| $metric | $1 |" "$RESULTS" | awk -F'|' '{ print $4 + 0 }' | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  s=$(median stage6); r=$(median redis)
  printf '%-44s %14.0f %14.0f %7s\n' "$metric" "$s" "$r" "$(awk -v s="$s" -v r="$r" 'BEGIN { if (r > 0) printf "%.2f", s / r; else print "-" }')"
done
