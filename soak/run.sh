#!/usr/bin/env bash
# Soak run of the demo server (h1-server.jar), not part of CI: N minutes (default 2) of mixed load on 127.0.0.1,
# all at once:
#   - wrk, plaintext: GET /plaintext on 32 connections;
#   - wrk, pipelined: GET /plaintext 16 deep (soak/pipeline.lua) on 16 connections;
#   - wrk, POST /echo with a 4 KiB body (soak/echo.lua) on 16 connections;
#   - hostile clients (dev.h1.tests.hostile.HostileLoad): slowloris, a pipeliner that never reads, resets mid-request,
#     garbage.
# The server runs with paranoid leak detection and native memory tracking. The script reports the requests served,
# wrk's errors (non-2xx, socket errors), the hostile clients' counts, the server's RSS, heap after a GC and native
# memory (NMT "Other" holds NIO direct buffers, which Netty's allocator uses here) and open file descriptors (its
# connections) before and after the load, how long the connections take to drain after it, every LEAK line of the
# server's log, and the server's exit status after SIGTERM. Paranoid leak detection records a stack trace on every
# buffer access, which makes the server one to two orders of magnitude slower: the figures are a leak and stability
# check, not a benchmark (bench/ has those). Everything it starts is stopped on exit (trap); every client is bounded by
# the duration.
#
# Usage: soak/run.sh [minutes]      (from anywhere; it builds the project first)
# Results: the directory printed at the end (SOAK_OUT to choose it): summary.txt, server.log, wrk-*.txt, hostile.txt,
# memory.csv (RSS and open fds every 10 s).
set -euo pipefail

minutes=${1:-2}
if ! [[ $minutes =~ ^[0-9]+$ ]] || ((minutes < 1 || minutes > 60)); then
  echo "usage: $0 [minutes, 1 to 60; default 2]" >&2
  exit 2
fi
seconds=$((minutes * 60))
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${SOAK_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/h1-soak.XXXXXX")}
mkdir -p "$out"

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "soak: '$1' is missing. $2" >&2
    exit 2
  fi
}
need wrk "Install it with: apt-get install -y wrk (Debian/Ubuntu, as root)."
need curl "Install it with: apt-get install -y curl."
need java "A JDK 17 is needed."
need jcmd "It comes with the JDK (a JRE alone lacks it)."

pids=()
server=""
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
    kill -KILL "$server" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "soak: building (./mvnw -DskipTests package); load average $load_before"
(cd "$root" && ./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath.txt")
jar=$root/http-server/target/h1-server.jar
hostile_cp="$(cat "$out/classpath.txt"):$root/http-tests/target/test-classes"

# The server: short headers and request deadlines, so that the slowloris clients are cut within the run.
java -XX:+UseG1GC -Xms64m -Xmx256m -XX:NativeMemoryTracking=summary -Dio.netty.leakDetection.level=paranoid \
  -jar "$jar" --host 127.0.0.1 --port 0 --headers-timeout 5 --request-timeout 20 >"$out/server.log" 2>&1 &
server=$!
port=""
for _ in $(seq 150); do
  # The line goes on with the transport, "h1 listening on http://127.0.0.1:PORT (transport: epoll)".
  port=$(sed -n 's|^h1 listening on http://127\.0\.0\.1:\([0-9]*\)\( .*\)\{0,1\}$|\1|p' "$out/server.log")
  [[ -n $port ]] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done
if [[ -z $port ]]; then
  echo "soak: the server did not start; its log:" >&2
  cat "$out/server.log" >&2
  exit 1
fi
curl -fsS --max-time 30 "http://127.0.0.1:$port/plaintext" >/dev/null

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
fds() { find "/proc/$server/fd" -mindepth 1 -maxdepth 1 | wc -l; }
# One line: RSS, heap used after a full GC, NMT total and "Other" committed.
measure() {
  jcmd "$server" GC.run >/dev/null
  local heap nmt total other
  heap=$(jcmd "$server" GC.heap_info | sed -n 's/.*garbage-first heap.*used \([0-9]*K\).*/\1/p')
  nmt=$(jcmd "$server" VM.native_memory summary)
  total=$(sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*KB\).*/\1/p' <<<"$nmt")
  other=$(sed -n 's/^-  *Other (reserved=[0-9]*KB, committed=\([0-9]*KB\)).*/\1/p' <<<"$nmt")
  echo "RSS $(rss_kib) KiB, heap after GC ${heap:-?}, native committed ${total:-?} (Other: ${other:-0KB}), $(fds) open fds"
}

before=$(measure)
echo "soak: server pid $server on 127.0.0.1:$port, ${minutes} min of load; results in $out"
echo "soak: before: $before"

bound=$((seconds + 30))
timeout "$bound" wrk -t1 -c32 -d"${seconds}s" "http://127.0.0.1:$port/plaintext" >"$out/wrk-plaintext.txt" 2>&1 &
pids+=($!)
timeout "$bound" wrk -t1 -c16 -d"${seconds}s" -s "$root/soak/pipeline.lua" "http://127.0.0.1:$port/plaintext" \
  -- 16 >"$out/wrk-pipelined.txt" 2>&1 &
pids+=($!)
timeout "$bound" wrk -t1 -c16 -d"${seconds}s" -s "$root/soak/echo.lua" "http://127.0.0.1:$port/echo" \
  >"$out/wrk-echo.txt" 2>&1 &
pids+=($!)
timeout $((bound + 30)) java -Xmx256m -cp "$hostile_cp" dev.h1.tests.hostile.HostileLoad 127.0.0.1 "$port" "$seconds" \
  >"$out/hostile.txt" 2>&1 &
pids+=($!)
clients=("${pids[@]}")

echo "elapsed_s,rss_kib,open_fds" >"$out/memory.csv"
start=$SECONDS
while kill -0 "${clients[0]}" 2>/dev/null && ((SECONDS - start < bound)); do
  echo "$((SECONDS - start)),$(rss_kib),$(fds)" >>"$out/memory.csv"
  sleep 10
done
load_status=0
for pid in "${clients[@]}"; do
  wait "$pid" || load_status=$?
done
pids=()

# Wait (at most 120 s) until the server holds no more descriptors than before the load: every connection is closed.
fds_before=$(sed -n 's/.*, \([0-9]*\) open fds$/\1/p' <<<"$before")
load_end=$SECONDS
while (($(fds) > fds_before && SECONDS - load_end < 120)); do
  sleep 1
done
drained="$(($(fds) - fds_before)) descriptors more than before, $((SECONDS - load_end)) s after the load"
check=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/plaintext" || echo failed)
after=$(measure)
max_rss=$(awk -F, 'NR > 1 && $2 > max {max = $2} END {print max + 0}' "$out/memory.csv")
max_fds=$(awk -F, 'NR > 1 && $3 > max {max = $3} END {print max + 0}' "$out/memory.csv")

kill -TERM "$server"
exit_status=timeout
for _ in $(seq 150); do
  if ! kill -0 "$server" 2>/dev/null; then
    wait "$server" && exit_status=0 || exit_status=$?
    break
  fi
  sleep 0.2
done
server=""
leaks=$(grep -c 'LEAK' "$out/server.log" || true)

wrk_line() { # name file: requests, non-2xx, socket errors
  local requests non2xx sockets
  requests=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$2")
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: \([0-9]*\)/\1/p' "$2")
  sockets=$(sed -n 's/^ *Socket errors: \(.*\)/\1/p' "$2")
  echo "$1: ${requests:-?} responses, non-2xx ${non2xx:-0}, socket errors: ${sockets:-none}"
}

{
  echo "h1 soak, $(date -u '+%Y-%m-%d %H:%M UTC'), ${minutes} min, $(nproc) cores"
  echo "load average before the build: $load_before; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  wrk_line "wrk plaintext (32 connections)" "$out/wrk-plaintext.txt"
  wrk_line "wrk pipelined 16 deep (16 connections)" "$out/wrk-pipelined.txt"
  wrk_line "wrk POST /echo 4 KiB (16 connections)" "$out/wrk-echo.txt"
  grep '^hostile: {' "$out/hostile.txt" || echo 'hostile: no summary (see hostile.txt)'
  echo "before: $before"
  echo "after:  $after"
  echo "largest RSS sampled during the load: ${max_rss} KiB; most open fds: ${max_fds} (memory.csv, every 10 s)"
  echo "connections drained: $drained"
  echo "a new request after the load: HTTP $check"
  echo "LEAK lines in the server's log: $leaks"
  echo "server exit status after SIGTERM: $exit_status"
  echo "clients' exit status: $load_status (124 is timeout's)"
} | tee "$out/summary.txt"
echo "soak: results in $out"
