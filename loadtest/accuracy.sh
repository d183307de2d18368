#!/usr/bin/env bash
# Accuracy check of the load harness against redis-benchmark (see docs/loadtest.md).
# Starts one redis-server on a free port, then alternates redis-benchmark and `loadtest run`
# with the same connections, pipeline, command (SET), key space and value size, ROUNDS times
# for c=50 P=1 and c=50 P=16, and prints every figure plus the medians. Each line also shows the
# CPU seconds each client used (user+sys, from /usr/bin/time) and, for the harness, how many SET
# calls Redis itself counted during the run (INFO commandstats), to cross-check the harness's count.
# Needs: redis-server and redis-benchmark on PATH, loadtest/target/loadtest.jar
# (mvn -B -f loadtest/pom.xml package -DskipTests). Run from the workbook directory:
#   bash loadtest/accuracy.sh            # 3 rounds of ~5 s per tool and setting
#   ROUNDS=5 SECONDS_PER_RUN=10 bash loadtest/accuracy.sh
set -euo pipefail
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
JAR=${JAR:-loadtest/target/loadtest.jar}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}

redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
REDIS_PID=$!
trap 'kill $REDIS_PID 2>/dev/null; wait $REDIS_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); redis $(redis-server --version | cut -d' ' -f3 | cut -d= -f2)"
for P in 1 16; do
  # Requests for redis-benchmark so that it also runs for about SECONDS_PER_RUN seconds.
  probe=$("$JAVA" -jar "$JAR" run -p "$PORT" -c 50 -P "$P" --duration 2s --warmup 0 -q | awk '/^throughput/ {gsub(",","",$2); print $2}')
  n=$(( ${probe%.*} * SECONDS_PER_RUN ))
  bench=(); harness=()
  for round in $(seq "$ROUNDS"); do
    /usr/bin/time -f "%U %S" -o /tmp/accuracy-cpu.$$ redis-benchmark -p "$PORT" -t set -n "$n" -c 50 -P "$P" -r 10000 -d 3 -q \
        2>/dev/null >/tmp/accuracy-out.$$
    b=$(tr '\r' '\n' </tmp/accuracy-out.$$ | awk '/requests per second/ {print $2}' | tail -1)
    bcpu=$(awk '{print $1 + $2}' /tmp/accuracy-cpu.$$)
    redis-cli -p "$PORT" config resetstat >/dev/null
    /usr/bin/time -f "%U %S" -o /tmp/accuracy-cpu.$$ "$JAVA" -jar "$JAR" run -p "$PORT" -c 50 -P "$P" --workload set \
        --keys 10000 --value-size 3 --duration "${SECONDS_PER_RUN}s" --warmup 1s -q >/tmp/accuracy-out.$$
    h=$(awk '/^throughput/ {gsub(",","",$2); print $2}' /tmp/accuracy-out.$$)
    answered=$(awk '/^errors/ {gsub(",","",$6); print $6}' /tmp/accuracy-out.$$)
    hcpu=$(awk '{print $1 + $2}' /tmp/accuracy-cpu.$$)
    calls=$(redis-cli -p "$PORT" info commandstats | tr -d '\r' | awk -F'[=,]' '/^cmdstat_set:/ {print $2}')
    echo "c=50 P=$P round $round: redis-benchmark $b req/s ($n requests, ${bcpu} s CPU);" \
         "loadtest $h ops/s (${hcpu} s CPU incl. JVM start; $answered requests answered, Redis counted $calls SET calls)"
    bench+=("$b"); harness+=("$h")
  done
  mb=$(printf '%s\n' "${bench[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mh=$(printf '%s\n' "${harness[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "c=50 P=$P median: redis-benchmark $mb, loadtest $mh, difference $(awk -v b="$mb" -v h="$mh" 'BEGIN {printf "%+.1f %%", 100*(h-b)/b}')"
done
rm -f /tmp/accuracy-cpu.$$ /tmp/accuracy-out.$$
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
