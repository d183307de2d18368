#!/usr/bin/env bash
# Coordinated omission, measured (see docs/loadtest.md). Runs a fixed-rate load against a fresh
# redis-server and freezes the server for one second in the middle (SIGSTOP ... SIGCONT), the
# way a GC pause, a slow fsync or a swapped-out page would. The harness prints the latency both
# from each request's intended send time (corrected) and from its actual send time (what a
# closed-loop client that waits for each reply before sending the next would report).
# Run from the workbook directory after mvn -B -f loadtest/pom.xml package -DskipTests:
#   bash loadtest/coordinated-omission.sh
set -euo pipefail
RATE=${RATE:-10000}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
JAR=${JAR:-loadtest/target/loadtest.jar}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}

redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
REDIS_PID=$!
trap 'kill -CONT $REDIS_PID 2>/dev/null; kill $REDIS_PID 2>/dev/null; wait $REDIS_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "== steady: $RATE req/s, no pause"
"$JAVA" -jar "$JAR" run -p "$PORT" -c 10 --rate "$RATE" --duration 10s -q | grep -E -A1 '^(throughput|latency)'
echo "== the same, with the server frozen for 1 s after 5 s"
( sleep 6; kill -STOP $REDIS_PID; sleep 1; kill -CONT $REDIS_PID ) &
PAUSER_PID=$!
"$JAVA" -jar "$JAR" run -p "$PORT" -c 10 --rate "$RATE" --duration 10s -q | grep -E -A1 '^(throughput|latency)'
wait $PAUSER_PID
