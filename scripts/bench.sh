#!/usr/bin/env bash
# The benchmark: the sales job's core (synthetic sales, 10 s event-time windows, sum and count per
# product, a sink that only counts) as the Eventide Beam pipeline on the FlinkRunner (embedded and
# on a script cluster, streaming and batch), on the DirectRunner, as a native Flink DataStream job
# and as a plain Java loop, back to back; prints the table and writes <out>/bench.csv and bench.svg.
#   scripts/bench.sh                                   # the default run (under 10 minutes)
#   scripts/bench.sh --events=500000 --runs=1 --variants=native,beam-flink --scaling=false
#   scripts/bench.sh --help
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -Dstyle.color=never process-classes -pl pipelines,scripts/bench -am) >&2
classpath="$root/scripts/bench/target/classes:$(cat "$root/scripts/bench/target/runtime-classpath.txt")"
# shellcheck disable=SC2046 # one JDK flag per word
exec java -Xmx1g $(cat "$root/.mvn/jvm.config") -cp "$classpath" dev.eventide.bench.Bench --root="$root" "$@"
