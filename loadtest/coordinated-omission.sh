#!/usr/bin/env bash
# Coordinated omission, measured (see docs/loadtest.md). Runs a fixed-rate load against a fresh
# redis-server and freezes the server for one second in the middle (SIGSTOP ... SIGCONT), the
# way a GC pause, a slow fsync or a swapped-out page would. The harness prints the latency both
# from each request's intended send time (corrected) and from its actual send time (what a
# closed-loop client that waits for each reply before sending the next would report), and
# `loadtest bars` draws both runs' p50, p99 and max, each corrected and not, on a log axis:
# docs/charts/loadtest-coordinated-omission.png and .csv (the two runs' rows).
# Run from the workbook directory after mvn -B -f loadtest/pom.xml package -DskipTests:
#   bash loadtest/coordinated-omission.sh
#   RENDER_ONLY=1 bash loadtest/coordinated-omission.sh   # redraw the chart from docs/charts/loadtest-coordinated-omission.csv
set -euo pipefail
RATE=${RATE:-10000}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}  # Java 21+
JAR=${JAR:-loadtest/target/loadtest.jar}
OUT=target/loadtest/coordinated-omission
CSV=docs/charts/loadtest-coordinated-omission.csv
start=$SECONDS
if [ -z "${RENDER_ONLY:-}" ]; then
  PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
  rm -rf "$OUT"
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
  REDIS_PID=$!
  trap 'kill -CONT $REDIS_PID 2>/dev/null; kill $REDIS_PID 2>/dev/null; wait $REDIS_PID 2>/dev/null || true' EXIT
  for _ in $(seq 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

  echo "== steady: $RATE req/s, no pause"
  "$JAVA" -jar "$JAR" run -p "$PORT" -c 10 --rate "$RATE" --duration 10s -q --csv --out "$OUT/steady" \
      | grep -E -A1 '^(throughput|latency)'
  echo "== the same, with the server frozen for 1 s after 5 s"
  ( sleep 6; kill -STOP $REDIS_PID; sleep 1; kill -CONT $REDIS_PID ) &
  PAUSER_PID=$!
  "$JAVA" -jar "$JAR" run -p "$PORT" -c 10 --rate "$RATE" --duration 10s -q --csv --out "$OUT/frozen" \
      | grep -E -A1 '^(throughput|latency)'
  wait $PAUSER_PID
  mkdir -p docs/charts
  # One CSV for both runs, the first column saying which: bars groups the rows by it.
  { head -1 "$OUT/steady/run.csv" | sed 's/^server,/run,server,/'
    tail -n +2 "$OUT/steady/run.csv" | sed 's/^/steady,/'
    tail -n +2 "$OUT/frozen/run.csv" | sed 's/^/frozen 1 s,/'; } > "$CSV"
fi
mkdir -p "$OUT"
awk -F, 'NR == 1 || $1 == "steady"' "$CSV" > "$OUT/steady.csv"
awk -F, 'NR == 1 || $1 == "frozen 1 s"' "$CSV" > "$OUT/frozen.csv"
"$JAVA" -jar "$JAR" bars --csv "steady, 10 connections, $RATE requests/s=$OUT/steady.csv" \
    --csv "the same, server frozen for 1 s=$OUT/frozen.csv" \
    --series "p50 intended=@p50_ms" --series "p50 actual=@uncorrected_p50_ms" \
    --series "p99 intended=@p99_ms" --series "p99 actual=@uncorrected_p99_ms" \
    --series "max intended=@max_ms" --series "max actual=@uncorrected_max_ms" \
    --name coordinated-omission --y-title "latency in ms, from the intended or the actual send time" --out "$OUT" \
    --title "coordinated-omission=${TITLE:-A 1 s freeze: p99 911 ms from the intended send time, 0.11 ms from the actual one}"
cp "$OUT/coordinated-omission.png" docs/charts/loadtest-coordinated-omission.png
echo "loadtest-coordinated-omission: $((SECONDS - start)) s"
[ -n "${RENDER_ONLY:-}" ] || echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee docs/charts/loadtest-coordinated-omission-machine.txt
