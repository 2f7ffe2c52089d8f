# shellcheck shell=bash
# Shared by the scripts in bench/ (sourced, not run): the build of the benchmark class path and the machine's
# description that every result is recorded with. Expects to run from the repository root.

# Builds h1-server.jar, the test classes of http-tests (with the JMH stubs) and their class path in
# http-tests/target/bench.cp, in one reactor build that installs nothing into the local Maven repository.
build_bench() {
  echo "building h1-server.jar and the benchmark class path ..." >&2
  ./mvnw -B -q -pl http-tests -am -DskipTests package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
  touch http-tests/target/bench.stamp
}

# With --skip-build: says so when a source file changed after the last build_bench, since the run then measures what
# is in target/ (an experiment built there, say), not the working tree.
warn_if_build_is_stale() {
  local stamp=http-tests/target/bench.stamp changed
  if [ ! -f "$stamp" ]; then
    echo "warning: no build by bench/ found ($stamp): the run measures whatever target/ holds" >&2
    return
  fi
  changed=$(find http-codec/src http-server/src http-tests/src -type f -newer "$stamp" | head -3)
  if [ -n "$changed" ]; then
    echo "warning: sources changed since bench/ last built ($stamp), such as:" >&2
    echo "$changed" | sed 's/^/  /' >&2
    echo "  the run measures what target/ holds; without --skip-build it measures the working tree" >&2
  fi
}

# The class path of the benchmarks and of the Netty reference server.
bench_classpath() {
  echo "http-tests/target/test-classes:$(cat http-tests/target/bench.cp)"
}

# One Markdown line describing the machine: CPUs, CPU model, JVM.
machine_line() {
  local model
  model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  echo "- Machine: $(nproc) CPUs, ${model:-unknown CPU}; $(java -version 2>&1 | head -1)."
}

# The 1, 5 and 15 minute load averages.
load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# The two sides in the order they run in round ROUND: h1 first in odd rounds, Netty first in even ones, so that a
# load that rises or falls during a run does not always favour the same side.
sides_in_turn() {
  if [ $(($1 % 2)) = 1 ]; then echo "h1 netty"; else echo "netty h1"; fi
}

# The median of the numbers on standard input, one a line.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
