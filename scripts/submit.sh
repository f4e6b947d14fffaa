#!/usr/bin/env bash
# Submits an Eventide job to the running Flink cluster (scripts/flink-cluster.sh) through the
# FlinkRunner, staging the bundled jar. By default it returns once the job is submitted and prints
# the Flink job id and the dashboard link; with --attached it waits for the job's end (bounded
# jobs) and returns its result.
#
#   scripts/submit.sh [--attached] [--workdir=work/flink] <job> [--option=value ...]
#   scripts/submit.sh sales --generatorRatePerSecond=200 --generatorRecords=100000 --output=work/out/sales
#   scripts/submit.sh sales ... --savepointPath=<path printed by scripts/savepoint.sh>
#
# Defaults it adds unless given: --checkpointingInterval=1000 (the cluster's own interval does not
# apply to Beam jobs; it also bounds how long a window's result waits, see below),
# --numberOfExecutionRetries=2 and --executionRetryDelay=5000 (Flink's default restarts forever and
# hides deterministic failures), --maxBundleSize=1000 with --finishBundleBeforeCheckpointing=true
# (bundles for throughput; the FlinkRunner passes no watermark on while a bundle is open, and a
# checkpoint finishing every bundle is what moves it at any rate, so windows close within about a
# checkpoint interval: see "Bundles hold the watermark" in docs/operations/kafka.md; --maxBundleSize=1 closes them
# sooner at low rates, for less throughput), --objectReuse=true and --fasterCopy=true (no
# copy of each element between chained operators: Eventide's transforms never change an element
# they were given or gave; 1.2x the throughput, see docs/performance.md), a unique --jobName.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/flink-rest.sh"
source "$root/scripts/lib/servers.sh"
source "$root/scripts/lib/flink-jobs.sh"

attached=false
workdir="$root/work/flink"
while [[ $# -gt 0 && "$1" == --* ]]; do
  case "$1" in
    --attached) attached=true ;;
    --workdir=*) workdir="${1#*=}" ;;
    *) echo "Unknown option $1 (options of the job come after its name)" >&2; exit 2 ;;
  esac
  shift
done
if [[ $# -eq 0 ]]; then
  usage_from_header 20
fi
job="$1"
shift
rest="$(rest_url_of "$workdir")"
if ! curl -sf "$rest/overview" > /dev/null; then
  echo "No Flink cluster answers at $rest: start one with scripts/flink-cluster.sh start" >&2
  exit 1
fi

jar="$(bundled_jar "$root")"
cluster_job_args "$job" "$@"
name="$job_name"

# shellcheck disable=SC2046 # one JDK flag per word
java ${EVENTIDE_JAVA_OPTS:--Xmx1g} $QUICK_JVM_FLAGS $(cat "$root/.mvn/jvm.config") -cp "$jar" \
  dev.eventide.pipelines.Launcher "$job" "${job_args[@]}" \
  --runner=FlinkRunner --flinkMaster="${rest#http://}" --filesToStage="$jar" \
  --attachedMode="$attached" --waitUntilFinish="$attached"

if [[ "$attached" == false ]]; then
  id="$(curl -sf "$rest/jobs/overview" | jq -r --arg name "$name" \
    '[.jobs[] | select(.name == $name)] | sort_by(.["start-time"]) | last | .jid // empty')"
  if [[ -z "$id" ]]; then
    echo "Submitted, but no job named $name is listed at $rest" >&2
    exit 1
  fi
  echo "Job id: $id"
  echo "Dashboard: $rest/#/job/running/$id/overview"
fi
