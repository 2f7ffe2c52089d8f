#!/usr/bin/env bash
# End-to-end benchmark: h1-server.jar against the Netty reference server (dev.h1.bench.NettyReferenceServer,
# HttpServerCodec) on loopback, driven by wrk. Each server is pinned to one CPU and wrk to another; the two servers take
# turns, scenario by scenario, for several rounds. The figure that counts is the server's CPU time per request (user +
# system time of the whole server process from /proc/<pid>/stat over the measured run, divided by the requests wrk
# counted): it depends far less on the load of a shared machine than requests per second do. Its user-space part is
# reported too: the kernel's part (socket reads and writes, epoll) is about the same for both servers and two thirds
# of the whole for single small requests, so the user time is where the servers' own code differs.
#
# Every measured run is preceded by a settling run of the same server and scenario, not measured. Without it the JIT
# compiler, which shares the server's one CPU, recompiles for the scenario just switched to (and for wrk's new
# connections) inside the measured run: on 2026-12-06 that was up to 1.2 s of C2 compiler time in an 8 s run, enough
# to raise the server's CPU per request and its 99th percentile latency. The table reports the compiler time that is
# left in the measured runs, so that a reader can see whether a figure is the server's or the JIT's.
#
# Not part of ./mvnw verify. Prints a Markdown table for docs/BENCHMARKS.md; the raw wrk output and a per-run TSV are
# kept in target/e2e/<timestamp>/.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/e2e.sh [--transport nio|epoll|io_uring|auto] [--duration S] [--warmup S] [--settle S] [--rounds N]
                    [--connections N] [--io-threads N] [--server-cpu N] [--wrk-cpu N] [--skip-build]

  --transport    the transport both servers use (default nio)
  --duration     seconds of each measured wrk run (default 10)
  --warmup       seconds of the warm-up run per server and scenario, before the rounds (default 10)
  --settle       seconds of the unmeasured run of the same server and scenario before each measured run (default 5;
                 0: none)
  --rounds       measured runs per server and scenario, alternating the order (default 3, at least 3)
  --connections  wrk connections (default 64)
  --io-threads   event-loop threads of each server (default 1: each server has one CPU)
  --server-cpu   the CPU both servers are pinned to (default 0); --wrk-cpu: wrk's CPU (default 1)
  --skip-build   use the jar and class path of an earlier run
Scenarios: plaintext (GET /plaintext), pipelined (the same, 16 deep), echo (POST /echo with a 1 KiB body).
Environment: JAVA_OPTS, the JVM options of both servers (default "-Xms512m -Xmx512m").
EOF
}

transport=nio
duration=10
warmup=10
settle=5
rounds=3
connections=64
io_threads=1
server_cpu=0
wrk_cpu=1
build=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --transport) transport=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --io-threads) io_threads=$2; shift 2 ;;
    --server-cpu) server_cpu=$2; shift 2 ;;
    --wrk-cpu) wrk_cpu=$2; shift 2 ;;
    --skip-build) build=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "e2e.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$transport" in nio|epoll|io_uring|auto) ;; *) echo "e2e.sh: --transport takes nio, epoll, io_uring or auto" >&2; exit 2 ;; esac
case "$settle" in ''|*[!0-9]*) echo "e2e.sh: --settle takes whole seconds (0: none)" >&2; exit 2 ;; esac
if [ "$rounds" -lt 3 ]; then
  echo "e2e.sh: --rounds must be at least 3" >&2
  exit 2
fi

cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
java_opts=${JAVA_OPTS:--Xms512m -Xmx512m}
h1_port=18080
netty_port=18081
scenarios=(plaintext pipelined echo)

# --- tools -----------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  echo "e2e.sh: wrk is not installed; install it with: apt-get install -y wrk (as root, on Debian or Ubuntu)" >&2
  exit 1
fi
for tool in taskset java; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "e2e.sh: $tool is not installed" >&2
    exit 1
  fi
done
if [ "$(nproc)" -lt 2 ] || [ "$server_cpu" = "$wrk_cpu" ]; then
  echo "e2e.sh: needs two CPUs, one for the server and one for wrk (nproc: $(nproc))" >&2
  exit 1
fi

# --- build -----------------------------------------------------------------------------------------------------------
if [ "$build" = yes ]; then
  build_bench
else
  warn_if_build_is_stale
fi
h1_jar=http-server/target/h1-server.jar
netty_cp=$(bench_classpath)

# --- servers ---------------------------------------------------------------------------------------------------------
out=target/e2e/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
declare -A pid=()
wrk_pid=

stop_servers() {
  local name
  if [ -n "$wrk_pid" ]; then
    kill "$wrk_pid" 2>/dev/null || true
  fi
  for name in "${!pid[@]}"; do
    kill "${pid[$name]}" 2>/dev/null || true
    wait "${pid[$name]}" 2>/dev/null || true
  done
  pid=()
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start NAME PORT COMMAND...: starts a server pinned to the server CPU, waits for its listening line and sets
# started_transport to the transport that line names. Not to be run in a subshell: it records the server's pid.
started_transport=
start() {
  local name=$1 port=$2
  shift 2
  if ! port_is_free "$port"; then
    echo "e2e.sh: port $port on 127.0.0.1 is taken" >&2
    exit 1
  fi
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  taskset -c "$server_cpu" java $java_opts "$@" >"$out/$name.log" 2>&1 &
  pid[$name]=$!
  local waited=0
  until grep -q "listening on http://127.0.0.1:$port" "$out/$name.log"; do
    if ! kill -0 "${pid[$name]}" 2>/dev/null || [ $waited -ge 600 ]; then
      echo "e2e.sh: $name did not start; its output:" >&2
      cat "$out/$name.log" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  started_transport=$(sed -n 's/.*(transport: \(.*\)).*/\1/p' "$out/$name.log" | head -1)
}

# --- measuring -------------------------------------------------------------------------------------------------------
ticks_per_second=$(getconf CLK_TCK)

# CPU time in clock ticks from a stat file of /proc (a process's, or one thread's under task/): utime + stime (fields 14
# and 15), or with "user" utime alone, counted after the parenthesised command name, which may contain spaces. Fails
# if the file is gone.
stat_ticks() {
  local stat
  stat=$(cat "$1") || return 1
  stat=${stat##*) }
  if [ "${2:-}" = user ]; then
    awk '{ print $12 }' <<<"$stat"
  else
    awk '{ print $12 + $13 }' <<<"$stat"
  fi
}

# CPU time of a whole process (all its threads), in clock ticks; with "user", its user-space part alone.
cpu_ticks() {
  stat_ticks "/proc/$1/stat" "${2:-}"
}

# CPU time of the JIT compiler threads of a process (those named "C1 CompilerThre..." or "C2 CompilerThre..."), in
# clock ticks. A compiler thread that ended meanwhile takes its ticks with it: the difference over a run can only be
# lower than the truth, never higher.
jit_ticks() {
  local task total=0 ticks
  for task in /proc/"$1"/task/*; do
    if grep -q '^C[12] CompilerThre' "$task/comm" 2>/dev/null; then
      ticks=$(stat_ticks "$task/stat" 2>/dev/null) || continue
      total=$((total + ticks))
    fi
  done
  echo "$total"
}

url_of() { # SERVER SCENARIO
  local port=$h1_port
  [ "$1" = netty ] && port=$netty_port
  if [ "$2" = echo ]; then echo "http://127.0.0.1:$port/echo"; else echo "http://127.0.0.1:$port/plaintext"; fi
}

script_of() {
  case "$1" in
    plaintext) echo bench/plaintext.lua ;;
    pipelined) echo bench/pipeline.lua ;;
    echo) echo bench/echo.lua ;;
  esac
}

# Latency in wrk's notation (12.5us, 1.20ms, 2.00s) as microseconds.
to_us() {
  awk '{ v = $1; u = 1
         if (v ~ /us$/) { sub(/us$/, "", v) } else if (v ~ /ms$/) { sub(/ms$/, "", v); u = 1000 }
         else if (v ~ /s$/) { sub(/s$/, "", v); u = 1000000 }
         printf "%.0f\n", v * u }' <<<"$1"
}

# run SERVER SCENARIO SECONDS FILE: one wrk run; sets requests, rate (per second), ticks (server CPU), user_ticks (its
# user-space part), jit (the part of ticks its JIT compiler threads used), p50 and p99 (microseconds), and errors
# (wrk's lines about socket errors and non-2xx answers, if any). wrk runs in the background so that a signal stops it
# at once (the INT/TERM trap).
requests='' rate='' ticks='' user_ticks='' jit='' p50='' p99='' errors=''
run() {
  local server=$1 scenario=$2 seconds=$3 file=$4 before after user_before jit_before
  before=$(cpu_ticks "${pid[$server]}")
  user_before=$(cpu_ticks "${pid[$server]}" user)
  jit_before=$(jit_ticks "${pid[$server]}")
  taskset -c "$wrk_cpu" wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$(script_of "$scenario")" \
    "$(url_of "$server" "$scenario")" >"$file" 2>&1 &
  wrk_pid=$!
  wait "$wrk_pid"
  wrk_pid=
  after=$(cpu_ticks "${pid[$server]}")
  user_ticks=$(($(cpu_ticks "${pid[$server]}" user) - user_before))
  jit=$(($(jit_ticks "${pid[$server]}") - jit_before))
  errors=$(grep -E "Non-2xx|Socket errors" "$file" | sed 's/^ *//' | paste -sd ';' -) || true
  if [ -n "$errors" ]; then
    echo "e2e.sh: $server $scenario: wrk saw errors (see $file): $errors" >&2
  fi
  requests=$(awk '/requests in/ { print $1 }' "$file")
  rate=$(awk '/^Requests\/sec/ { print $2 }' "$file")
  ticks=$((after - before))
  p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$file")")
  p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$file")")
}

load_before=$(load_average)
start h1 "$h1_port" -jar "$h1_jar" --host 127.0.0.1 --port "$h1_port" --transport "$transport" \
  --io-threads "$io_threads"
h1_transport=$started_transport
start netty "$netty_port" -cp "$netty_cp" dev.h1.bench.NettyReferenceServer --port "$netty_port" \
  --transport "$transport" --io-threads "$io_threads"
netty_transport=$started_transport
if [ "$h1_transport" != "$netty_transport" ]; then
  echo "e2e.sh: the servers run on different transports: h1 $h1_transport, Netty $netty_transport" >&2
  exit 1
fi
echo "servers up (transport: $h1_transport); warming up ${warmup}s per server and scenario ..." >&2

for scenario in "${scenarios[@]}"; do
  for server in h1 netty; do
    run "$server" "$scenario" "$warmup" "$out/warmup-$server-$scenario.txt"
  done
done

runs=$out/runs.tsv
{
  printf 'round\tscenario\tserver\trequests\treq_per_s\tcpu_us_per_req\tcpu_busy\tp50_us\tp99_us\terrors\t'
  printf 'jit_ms\tuser_us_per_req\n'
} >"$runs"
for round in $(seq 1 "$rounds"); do
  for scenario in "${scenarios[@]}"; do
    for server in $(sides_in_turn "$round"); do
      if [ "$settle" -gt 0 ]; then
        run "$server" "$scenario" "$settle" "$out/settle$round-$server-$scenario.txt"
      fi
      run "$server" "$scenario" "$duration" "$out/round$round-$server-$scenario.txt"
      awk -v r="$round" -v sc="$scenario" -v sv="$server" -v n="$requests" -v rate="$rate" -v t="$ticks" \
        -v hz="$ticks_per_second" -v d="$duration" -v p50="$p50" -v p99="$p99" -v e="$errors" -v j="$jit" \
        -v u="$user_ticks" 'BEGIN {
          printf "%s\t%s\t%s\t%d\t%.0f\t%.3f\t%.2f\t%s\t%s\t%s\t%.0f\t%.3f\n", r, sc, sv, n, rate,
            (n > 0 ? t / hz * 1e6 / n : 0), t / hz / d, p50, p99, e, j / hz * 1000, (n > 0 ? u / hz * 1e6 / n : 0) }' \
        >>"$runs"
      echo "round $round $scenario $server: $(tail -1 "$runs" | cut -f4-)" >&2
    done
  done
done
load_after=$(load_average)
stop_servers

# --- report ----------------------------------------------------------------------------------------------------------
column_of() { # SCENARIO SERVER COLUMN
  awk -F'\t' -v sc="$1" -v sv="$2" -v c="$3" 'NR > 1 && $2 == sc && $3 == sv { print $c }' "$runs"
}
ratio_range() { # SCENARIO: min and max of the per-round h1/Netty CPU ratios
  awk -F'\t' -v sc="$1" 'NR > 1 && $2 == sc { cpu[$1 "," $3] = $6; seen[$1] = 1 }
    END { min = 1e9; max = 0
          for (r in seen) { x = cpu[r ",h1"] / cpu[r ",netty"]; if (x < min) min = x; if (x > max) max = x }
          printf "%.2f–%.2f", min, max }' "$runs"
}

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
cat <<EOF

End to end, $(date -u +%Y-%m-%d), commit $commit, transport $h1_transport.
- Runs: wrk -t1 -c$connections on CPU $wrk_cpu, ${duration} s per run after ${warmup} s of warm-up, $rounds rounds
  alternating the servers, each measured run after ${settle} s of the same server and scenario unmeasured;
  servers on CPU $server_cpu, --io-threads $io_threads, JAVA_OPTS "$java_opts".
$(machine_line)
- Load average (1, 5, 15 min) before: $load_before; after: $load_after.
- Raw output: $out.

EOF
printf '%s%s\n' '| scenario | server | CPU µs/request | h1/Netty CPU (rounds) | user µs/request | h1/Netty user ' \
  '| requests/s | p50 | p99 | server CPU busy | JIT ms |'
echo '|---|---|---|---|---|---|---|---|---|---|---|'
for scenario in "${scenarios[@]}"; do
  h1_cpu=$(column_of "$scenario" h1 6 | median)
  netty_cpu=$(column_of "$scenario" netty 6 | median)
  ratio=$(awk -v a="$h1_cpu" -v b="$netty_cpu" 'BEGIN { printf "%.2f", a / b }')
  h1_user=$(column_of "$scenario" h1 12 | median)
  netty_user=$(column_of "$scenario" netty 12 | median)
  user_ratio=$(awk -v a="$h1_user" -v b="$netty_user" 'BEGIN { printf "%.2f", a / b }')
  for server in h1 netty; do
    cpu=$h1_cpu user=$h1_user label=h1 ratio_cell="**$ratio** ($(ratio_range "$scenario"))" user_cell=$user_ratio
    if [ "$server" = netty ]; then cpu=$netty_cpu user=$netty_user label=Netty ratio_cell="" user_cell=""; fi
    rate=$(column_of "$scenario" "$server" 5 | median)
    busy=$(column_of "$scenario" "$server" 7 | median)
    if [ "$scenario" = pipelined ]; then
      p50="n/a" p99="n/a" # wrk times a pipelined batch, not a request
    else
      p50="$(column_of "$scenario" "$server" 8 | median | awk '{ printf "%.2f ms", $1 / 1000 }')"
      p99="$(column_of "$scenario" "$server" 9 | median | awk '{ printf "%.2f ms", $1 / 1000 }')"
    fi
    jit=$(column_of "$scenario" "$server" 11 | median)
    printf '| %s | %s | %.2f | %s | %.2f | %s | %.0f | %s | %s | %.0f %% | %.0f |\n' "$scenario" "$label" "$cpu" \
      "$ratio_cell" "$user" "$user_cell" "$rate" "$p50" "$p99" "$(awk -v b="$busy" 'BEGIN { print b * 100 }')" "$jit"
  done
done
echo
echo "Medians over the rounds; the ratio is of the medians, with the range of the per-round ratios in brackets."
echo "Server CPU busy: the server's CPU time over the run's wall time (100 % = its one CPU fully used)."
echo "User µs/request: the user-space part of the CPU time (the rest is the kernel's: socket reads and writes, epoll);"
echo "it includes the JIT compiler's and the garbage collector's threads. Its ratio is of the medians."
echo "JIT ms: CPU time of the server's JIT compiler threads during the measured run (part of its CPU time)."
# The p99 target ("no worse than Netty's") is judged round by round: the medians above can hide how often it holds.
awk -F'\t' 'NR > 1 { p99[$1 "," $2 "," $3] = $9; jit[$1 "," $2 "," $3] = $11; rounds[$1] = 1 }
  END { print "\np99 h1/Netty per round (h1'"'"'s JIT ms in the measured run in brackets):"
        n = split("plaintext echo", order, " ")
        for (i = 1; i <= n; i++) {
          line = "- " order[i] ":"
          for (r = 1; r in rounds; r++) {
            netty = p99[r "," order[i] ",netty"]
            line = line sprintf(" %.2f (%d)", netty > 0 ? p99[r "," order[i] ",h1"] / netty : 0,
              jit[r "," order[i] ",h1"])
          }
          print line
        } }' "$runs"
# Each run lands in one of two regimes (server busy all the time, or about 80 % at a lower rate and a higher cost per
# request; docs/BENCHMARKS.md, "Two regimes"), and a median of three can hide which: every round is printed.
awk -F'\t' 'NR > 1 { k = $1 "," $2 "," $3; cpu[k] = $6; rate[k] = $5; busy[k] = $7; rounds[$1] = 1 }
  END { print "\nPer round, CPU µs/request, requests/s and CPU busy of h1 | Netty (h1/Netty CPU):"
        n = split("plaintext pipelined echo", order, " ")
        for (i = 1; i <= n; i++) {
          print "- " order[i] ":"
          for (r = 1; r in rounds; r++) {
            h = r "," order[i] ",h1"; t = r "," order[i] ",netty"
            printf "  - round %d: %.2f, %.0f, %.0f %% | %.2f, %.0f, %.0f %% (%.2f)\n", r, cpu[h], rate[h],
              busy[h] * 100, cpu[t], rate[t], busy[t] * 100, (cpu[t] > 0 ? cpu[h] / cpu[t] : 0)
          }
        } }' "$runs"
awk -F'\t' 'NR > 1 && $10 != "" { if (!n++) print "\nMeasured runs in which wrk saw errors:"
  printf "- round %s, %s, %s: %s\n", $1, $2, $3, $10 }' "$runs"
