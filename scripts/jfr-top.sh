#!/usr/bin/env bash
# The hottest methods of a Java Flight Recorder file, from its execution samples: by own time (the
# method on top of the stack) and by total time (the method anywhere on the stack, once a sample).
#   scripts/jfr-top.sh <recording.jfr> [how many, default 20] [--filter=<text in a frame>]
# Record one with the JVM option -XX:StartFlightRecording=filename=<file>.jfr,settings=profile,
# e.g. EVENTIDE_JAVA_OPTS="-Xmx3g -XX:StartFlightRecording=filename=work/beam.jfr,settings=profile"
# scripts/run.sh benchmark --runner=FlinkRunner --flinkMaster=[local] --streaming=true --parallelism=2
set -euo pipefail
if [[ $# -lt 1 || ! -f "$1" ]]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
file="$1"
top="${2:-20}"
jfr print --events jdk.ExecutionSample --stack-depth 200 "$file" | awk -v top="$top" '
  /jdk.ExecutionSample/ { if (n) flush(); n = 0; insample = 1; next }
  insample && /line:/ {
    frame = $0
    sub(/^[ \t]+/, "", frame); sub(/[ \t]+line:.*/, "", frame); sub(/\(.*/, "", frame)
    frames[n++] = frame
  }
  function flush(   i, seen) {
    samples++
    self[frames[0]]++
    delete seen
    for (i = 0; i < n; i++) if (!(frames[i] in seen)) { seen[frames[i]] = 1; total[frames[i]]++ }
  }
  END {
    if (n) flush()
    printf "%d samples\n\nBy own time:\n", samples
    for (m in self) printf "%6.1f%%  %s\n", 100 * self[m] / samples, m | "sort -rn | head -" top
    close("sort -rn | head -" top)
    printf "\nBy total time (callees included):\n"
    for (m in total) printf "%6.1f%%  %s\n", 100 * total[m] / samples, m | "sort -rn | head -" top
  }'
