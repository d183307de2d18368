#!/usr/bin/env bash
# redis-benchmark against each stage 4 store and against a real redis-server, in one run, rounds
# interleaved so that both see the same machine. Each stage 4 JVM gets one discarded warm-up pass
# (JIT) before it is measured. Every measurement uses a keyspace (-r) and enough requests to last
# at least 2 s; a line that ran shorter is flagged. Prints one line per measurement (round, server,
# pipeline, SET/GET/INCR requests per second), then the medians and each median's share of Redis's.
# Needs: redis-server, redis-benchmark, redis-cli on PATH and the stage 4 jar
#   (./mvnw -q -pl stage4-commands package -DskipTests). Run from the repository root, alone on the
#   machine (on the workshop machines: flock /work/bench.lock bash docs/scripts/stage4-vs-redis.sh):
#   bash docs/scripts/stage4-vs-redis.sh            # ROUNDS=3, N1=400000, N16=3000000 by default
set -euo pipefail
ROUNDS=${ROUNDS:-3}
N1=${N1:-400000}       # requests per test without pipelining (about 2.5 s at 160,000/s)
N16=${N16:-3000000}    # requests per test with -P 16 (about 2 s at 1.5 million/s)
KEYS=${KEYS:-100000}   # -r: SET/GET/INCR spread over this many keys, not one
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
JAR=stage4-commands/target/stage4-commands.jar
STAGE_PORT=${STAGE_PORT:-7104}
REDIS_PORT=${REDIS_PORT:-7999}
results=$(mktemp)

wait_for() { for _ in $(seq 100); do redis-cli -p "$1" PING >/dev/null 2>&1 && return; sleep 0.1; done; echo "port $1 never answered" >&2; exit 1; }
bench() { # port, pipeline, requests -> "SET GET INCR" requests per second, and "(<2 s)" if one ran shorter
  redis-benchmark -p "$1" -t set,get,incr -n "$3" -r "$KEYS" -c 50 -P "$2" -q 2>/dev/null | tr '\r' '\n' |
    awk -v n="$3" '/requests per second/ { printf "%s ", $2; if (n / $2 < 2) short = 1 } END { if (short) printf "(<2 s)" }'
}
measure() { # round, name, port
  for p in 1 16; do
    n=$N1; [ "$p" = 16 ] && n=$N16
    echo "round $1 $2 P=$p $(bench "$3" "$p" "$n")" | tee -a "$results"
  done
}

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null || true; rm -f "$results"' EXIT
wait_for "$REDIS_PORT"
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, load average $(uptime | sed 's/.*load averages*: //'); $(redis-server --version | cut -d' ' -f1-3)"
echo "redis-benchmark -t set,get,incr -c 50 -r $KEYS, -n $N1 at -P 1, -n $N16 at -P 16"
for round in $(seq "$ROUNDS"); do
  for store in channel atom concurrent locked; do
    "$JAVA" -jar "$JAR" --port "$STAGE_PORT" --store "$store" >/dev/null 2>&1 &
    pid=$!
    wait_for "$STAGE_PORT"
    bench "$STAGE_PORT" 1 100000 >/dev/null   # warm-up, discarded
    measure "$round" "stage4-$store" "$STAGE_PORT"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  measure "$round" redis "$REDIS_PORT"
done
echo "load average after: $(uptime | sed 's/.*load averages*: //')"

# Medians over the rounds, and each one as a share of Redis's median for the same test.
echo
echo "median requests/s over $ROUNDS rounds (share of Redis's)"
sort -s -k4,4 "$results" | awk '
  function median(list,   v, k, n, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  { key = $3 " " $4; if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
    for (t = 1; t <= 3; t++) values[key, t] = values[key, t] " " $(4 + t) }
  END {
    printf "%-20s %-5s%18s%18s%18s\n", "server", "pipe", "SET", "GET", "INCR"
    for (r = 1; r <= rows; r++) {
      split(order[r], kp, " "); redis = "redis " kp[2]
      printf "%-20s %-5s", kp[1], kp[2]
      for (t = 1; t <= 3; t++) {
        m = median(values[order[r], t]); base = median(values[redis, t])
        printf " %10.0f (%4.2f)", m, m / base
      }
      printf "\n"
    }
  }'
