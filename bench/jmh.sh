#!/usr/bin/env bash
# Runs one of the JMH benchmarks of dev.h1.bench (http-tests) as separate, interleaved JMH runs, so that a change of
# the machine's load during the run does not favour one side: in each round, each case runs h1 then Netty (odd
# rounds) or Netty then h1 (even rounds), each in its own JVM with -prof gc. Prints a Markdown table of the medians
# and of the h1/Netty ratios for docs/BENCHMARKS.md; the JMH output of each run is kept in target/jmh/<timestamp>/.
#
# Not part of ./mvnw verify.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/jmh.sh DecoderBenchmark|EncoderBenchmark|PipelineBenchmark [--rounds N] [--skip-build] [-- JMH options]

  --rounds      rounds of interleaved runs (default 5: one round can fall on a level of either side about a quarter
                off the other, see docs/BENCHMARKS.md)
  --skip-build  use the class path of an earlier build
  JMH options after "--" are passed to every run, for example: -- -wi 3 -i 3 -w 1s -r 1s
                (PipelineBenchmark: -- -p h1Timers=OFF runs h1 with its deadlines off, a diagnostic)
Without JMH options each run uses the benchmark's annotations (1 fork; 5 measured 1 s iterations after 5 warm-up ones,
10 for PipelineBenchmark).
EOF
}

if [ $# -lt 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
  usage
  [ $# -ge 1 ] && exit 0
  exit 2
fi
benchmark=$1
shift
rounds=5
build=yes
jmh_opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --skip-build) build=no; shift ;;
    --) shift; jmh_opts=("$@"); break ;;
    *) echo "jmh.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

# Each benchmark names its two sides h1 and netty; a case is a parameter value, or the rest of the method's name.
case "$benchmark" in
  DecoderBenchmark) param=input; cases=(BROWSER_GET BROWSER_GETS_UNLIKE PLAINTEXT_PIPELINED_16 POST_1K CHUNKED_POST_4X256) ;;
  EncoderBenchmark) param=response; cases=(FIXED_13 CHUNKED_4X1K) ;;
  PipelineBenchmark) param=''; cases=(Plaintext Pipelined16 Echo1k) ;;
  *) echo "jmh.sh: unknown benchmark $benchmark" >&2; usage >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
if [ "$build" = yes ]; then
  build_bench
else
  warn_if_build_is_stale
fi
cp=$(bench_classpath)
out=target/jmh/$(date -u +%Y%m%dT%H%M%SZ)-$benchmark
mkdir -p "$out"

# JMH refuses to start while another JMH run on the machine holds its lock file; wait for that run to end rather than
# fail (or run beside it with -Djmh.ignoreLock=true, which would disturb both).
wait_for_other_jmh() {
  local lock waited=0
  lock=/tmp/jmh.lock # in java.io.tmpdir, which is /tmp on Linux
  command -v fuser >/dev/null 2>&1 || return 0
  while fuser -s "$lock" 2>/dev/null; do
    [ $waited = 0 ] && echo "another JMH run holds $lock; waiting for it ..." >&2
    waited=1
    sleep 5
  done
}

# measure SIDE CASE NAME: one JMH run; appends "score unit bytes_per_op" to the results.
measure() {
  local side=$1 case=$2 name=$3 method=$1 args=()
  if [ -n "$param" ]; then
    args=(-p "$param=$case")
  else
    method=$side$case
  fi
  wait_for_other_jmh
  java -Duser.language=en -Duser.country=US -cp "$cp" org.openjdk.jmh.Main "dev.h1.bench.$benchmark.$method\$" \
    "${args[@]}" -prof gc -rf csv -rff "$out/$name.csv" "${jmh_opts[@]}" >"$out/$name.txt" 2>&1 || {
    echo "jmh.sh: the run $name failed; its output is in $out/$name.txt" >&2
    exit 1
  }
  awk -F, -v m="dev.h1.bench.$benchmark.$method" 'NR > 1 { gsub(/"|\r/, "")
      if ($1 == m) { score = $5; unit = $7 } else if ($1 == m ":gc.alloc.rate.norm") { bytes = $5 } }
    END { printf "%s\t%s\t%s\n", score, unit, bytes }' "$out/$name.csv"
}

load_before=$(load_average)
results=$out/results.tsv
printf 'round\tcase\tside\tscore\tunit\tbytes_per_op\n' >"$results"
for round in $(seq 1 "$rounds"); do
  for case in "${cases[@]}"; do
    for side in $(sides_in_turn "$round"); do
      printf '%s\t%s\t%s\t%s\n' "$round" "$case" "$side" "$(measure "$side" "$case" "r$round-$case-$side")" \
        >>"$results"
      echo "round $round $case $side: $(tail -1 "$results" | cut -f4-)" >&2
    done
  done
done
load_after=$(load_average)

column_of() { # CASE SIDE COLUMN
  awk -F'\t' -v c="$1" -v s="$2" -v col="$3" 'NR > 1 && $2 == c && $3 == s { print $col }' "$results"
}
ratios_of() { # CASE COLUMN: the per-round h1/Netty ratios, one a line
  awk -F'\t' -v c="$1" -v col="$2" 'NR > 1 && $2 == c { v[$1 "," $3] = $col; seen[$1] = 1 }
    END { for (r in seen) if (v[r ",netty"] > 0) print v[r ",h1"] / v[r ",netty"] }' "$results"
}
unit=$(awk -F'\t' 'NR == 2 { print $5 }' "$results")
jmh_settings="${jmh_opts[*]}"
[ -n "$jmh_settings" ] || jmh_settings="the defaults of the annotations"
cat <<EOF

$benchmark, $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown).
- Runs: $rounds rounds of separate JMH runs per case and side, alternating which side goes first; JMH settings:
  $jmh_settings; -prof gc.
$(machine_line)
- Load average (1, 5, 15 min) before: $load_before; after: $load_after.
- Raw output: $out.

| case | h1 ($unit) | Netty ($unit) | h1/Netty (rounds) | h1 B/op | Netty B/op | h1/Netty B/op |
|---|---|---|---|---|---|---|
EOF
for case in "${cases[@]}"; do
  ratio=$(ratios_of "$case" 4 | median)
  range=$(ratios_of "$case" 4 | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f–%.2f", lo, hi }')
  h1_bytes=$(column_of "$case" h1 6 | median)
  netty_bytes=$(column_of "$case" netty 6 | median)
  printf '| %s | %s | %s | **%.2f** (%s) | %.0f | %.0f | %.2f |\n' "$case" \
    "$(column_of "$case" h1 4 | median | awk '{ printf "%.0f", $1 }')" \
    "$(column_of "$case" netty 4 | median | awk '{ printf "%.0f", $1 }')" \
    "$ratio" "$range" "$h1_bytes" "$netty_bytes" "$(awk -v a="$h1_bytes" -v b="$netty_bytes" 'BEGIN { print a / b }')"
done
echo
echo "Medians over the rounds. h1/Netty is the median of the per-round ratios, with their range in brackets."
