#!/usr/bin/env bash
# Start-time benchmark of the phasecheck CLI: the median wall-clock and CPU time of N runs (default 11)
# of `phasecheck rules` and `phasecheck lint SMALL-FILE`, with the class-data-sharing archive and
# without (PHASECHECK_CDS=off), through the launcher. Needs the jar built (mvn -DskipTests package
# -pl harness/cli -am). The machine's load average is printed: on a busy machine the wall-clock
# figures say little, the CPU figures more.
#
#   scripts/bench-start.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-11}"
small="fixtures/examples/chat-completions.jsonl"
[ -f harness/cli/target/phasecheck.jar ] || { echo "build the jar first: mvn -B -DskipTests package -pl harness/cli -am" >&2; exit 2; }
[ -f harness/cli/target/phasecheck.jsa ] || echo "note: no CDS archive (harness/cli/target/phasecheck.jsa): both rows run without it" >&2
export PHASECHECK_NO_BUILD=1

# one run: "wall_ms cpu_ms" (cpu = user + sys of the child, from bash's times)
measure() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

cpu_of() { # runs the command under /usr/bin/time if present, prints user+sys ms
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%U %S" -o /tmp/phasecheck-bench.$$ "$@" >/dev/null 2>&1 || true
    awk '{printf "%d\n", ($1 + $2) * 1000}' /tmp/phasecheck-bench.$$
    rm -f /tmp/phasecheck-bench.$$
  else
    echo 0
  fi
}

row() { # label cds command...
  local label="$1" cds="$2"; shift 2
  local walls=() cpus=()
  PHASECHECK_CDS="$cds" "$@" >/dev/null 2>&1 || true # warm the file cache
  for _ in $(seq "$runs"); do
    walls+=("$(PHASECHECK_CDS="$cds" measure "$@")")
    cpus+=("$(PHASECHECK_CDS="$cds" cpu_of "$@")")
  done
  printf "%-28s %-5s wall median %5d ms (min %5d)   cpu median %5d ms\n" "$label" "$cds" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${walls[@]}" | sort -n | head -1)" \
    "$(printf '%s\n' "${cpus[@]}" | median)"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)   cores: $(nproc)   runs: $runs"
row "phasecheck rules" off ./phasecheck rules
row "phasecheck rules" on ./phasecheck rules
row "phasecheck lint $(basename "$small")" off ./phasecheck lint "$small"
row "phasecheck lint $(basename "$small")" on ./phasecheck lint "$small"
row "java -jar (no launcher) rules" off java -jar harness/cli/target/phasecheck.jar rules
