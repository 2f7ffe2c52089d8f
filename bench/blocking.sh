#!/usr/bin/env bash
# h1-server.jar with its request handler on the event loop against the same server with the handler on a pool of 16
# threads in blocking style (--handler-threads 16: /echo copies req.bodyStream() to res.outputStream()). Same pinning
# and load as bench/e2e.sh (server on CPU 0 with one event-loop thread and epoll, wrk -t1 -c64 on CPU 1, 10 s warm-up
# and 10 s measured per run, two rounds); prints a Markdown table of server CPU µs per request (from /proc), requests/s
# and latency. Build the jar first (./mvnw -q -DskipTests package). Not part of ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=http-server/target/h1-server.jar
tck=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
run() { # mode scenario
  local mode=$1 scen=$2 extra=""
  [ "$mode" = blocking ] && extra="--handler-threads 16"
  taskset -c 0 java -Xms512m -Xmx512m -jar $jar --port 18181 --io-threads 1 --transport epoll $extra > target/blocking-server.log 2>&1 &
  local pid=$!
  for i in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:18181/plaintext && break; sleep 0.2; done
  local script=bench/plaintext.lua path=/plaintext; [ "$scen" = echo ] && script=bench/echo.lua path=/echo
  taskset -c 1 wrk -t1 -c64 -d10s -s $script http://127.0.0.1:18181$path > /dev/null 2>&1   # warm-up
  local c0=$(cpu $pid)
  local out=$(taskset -c 1 wrk -t1 -c64 -d10s --latency -s $script http://127.0.0.1:18181$path)
  local c1=$(cpu $pid)
  kill $pid; wait $pid 2>/dev/null || true
  local reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  local rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  local p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  local p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  local us=$(python3 -c "print(round(($c1-$c0)/$tck*1e6/$reqs,2))")
  echo "| $scen | $mode | $us | $rps | $p50 | $p99 |"
}
echo "| scenario | handler | CPU µs/request | requests/s | p50 | p99 |"
echo "|---|---|---|---|---|---|"
for round in 1 2; do
  for scen in plaintext echo; do
    for mode in eventloop blocking; do run $mode $scen; done
  done
done
echo "load: $(cat /proc/loadavg)"
