#!/usr/bin/env bash
# Measures Kafka → Beam on Flink → Kafka, exactly-once off and on, and prints a table:
#  - throughput: the sales job over sales already in a topic (read, 1 s event-time windows, sum,
#    write), from the job running to its last result visible to a read_committed consumer;
#  - latency: the telemetry job over readings sent live at a steady rate, how long after a
#    window's end its result becomes visible to a read_committed consumer.
#
#   scripts/bench-kafka.sh [--records=50000] [--eosRecords=5000] [--window=fixed:1s]
#                          [--checkpointing=1000] [--latencySeconds=20] [--latencyRate=200]
#
# It starts its own Kafka broker and Flink cluster (one TaskManager) on free loopback ports in
# work/bench-kafka and stops them at the end. It takes about five minutes. The exactly-once run
# reads fewer sales (--eosRecords), because Beam's sink writes one transaction per result.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/servers.sh"
source "$root/scripts/lib/flink-rest.sh"

records=50000
eos_records=5000
window=fixed:1s
checkpointing=1000
latency_seconds=20
latency_rate=200
for arg in "$@"; do
  case "$arg" in
    --records=*) records="${arg#*=}" ;;
    --eosRecords=*) eos_records="${arg#*=}" ;;
    --window=*) window="${arg#*=}" ;;
    --checkpointing=*) checkpointing="${arg#*=}" ;;
    --latencySeconds=*) latency_seconds="${arg#*=}" ;;
    --latencyRate=*) latency_rate="${arg#*=}" ;;
    *) usage_from_header 12 ;;
  esac
done

work="$root/work/bench-kafka"
rm -rf "$work"
mkdir -p "$work"
kafka_port="$(free_port)"
bootstrap="127.0.0.1:$kafka_port"
stop_servers() {
  jobs -p | xargs -r kill 2> /dev/null || true
  "$root/scripts/flink-cluster.sh" stop --workdir="$work/flink" > /dev/null 2>&1 || true
  "$root/scripts/kafka.sh" stop --workdir="$work/kafka" > /dev/null 2>&1 || true
}
trap stop_servers EXIT
echo "Starting Kafka and a Flink cluster in $work ..." >&2
"$root/scripts/kafka.sh" start --port="$kafka_port" --workdir="$work/kafka" > "$work/kafka-start.log"
"$root/scripts/flink-cluster.sh" start --port="$(free_port)" --workdir="$work/flink" --slots=2 > "$work/flink-start.log"
rest="$(rest_url_of "$work/flink")"

topic() { "$root/scripts/kafka.sh" topic create "$1" --bootstrap="$bootstrap" > /dev/null 2>&1; }
bench() {
  (source "$root/scripts/lib/run-java.sh"; EVENTIDE_JAVA_OPTS=-Xmx256m run_java dev.eventide.pipelines.tools.KafkaBench "$@")
}
submit() {
  "$root/scripts/submit.sh" --workdir="$work/flink" "$@" 2> "$work/submit.log" | sed -n 's/^Job id: //p'
}
cancel() { "$root/scripts/flink-cluster.sh" cancel "$1" --workdir="$work/flink" > /dev/null; }
# Waits until the job runs; prints when it started running (epoch ms).
running_since() {
  local deadline=$((SECONDS + 60)) state
  while true; do
    state="$(curl -sf "$rest/jobs/$1" | jq -r '.state')"
    if [[ "$state" == RUNNING ]]; then
      curl -sf "$rest/jobs/$1" | jq -r '.timestamps.RUNNING'
      return
    fi
    [[ $SECONDS -lt $deadline ]] || { echo "job $1 is $state after 60 s" >&2; exit 1; }
    sleep 0.2
  done
}

rows=()
# throughput <label> <sales> <sales job options...>
throughput() {
  local label="$1" records="$2" name="t$((${#rows[@]} + 1))"
  shift 2
  topic "$name-in"
  topic "$name-out"
  "$root/scripts/replay-sales.sh" --topic="$name-in" --bootstrapServers="$bootstrap" --ratePerSecond=0 \
    --generatorRecords="$records" --generatorMalformedFraction=0 > /dev/null 2>&1
  # A line stamped now moves the watermark past every replayed window.
  echo "end of the sales" | "$root/scripts/kafka.sh" produce "$name-in" --bootstrap="$bootstrap" > /dev/null 2>&1
  bench drain "$bootstrap" "$name-out" 10 > "$work/$name.drain" 2> /dev/null &
  local drain=$!
  local job started
  job="$(submit sales --bootstrapServers="$bootstrap" --inputTopic="$name-in" --outputTopic="$name-out" \
    --window="$window" --checkpointingInterval="$checkpointing" --runningTotalEvery=1h "$@")"
  started="$(running_since "$job")"
  wait "$drain"
  cancel "$job"
  local count last
  count="$(sed -n 's/.*count=\([0-9]*\).*/\1/p' "$work/$name.drain")"
  last="$(sed -n 's/.*last=\([0-9]*\).*/\1/p' "$work/$name.drain")"
  rows+=("$(awk -v l="$label" -v n="$records" -v c="$count" -v ms="$((last - started))" \
    'BEGIN { printf "%-34s %9d %9d %8.1f %10.0f %10.1f", l, n, c, ms / 1000, n * 1000 / ms, c * 1000 / ms }')")
  echo "${rows[-1]}" >&2
}

latency_rows=()
# latency <label> <telemetry job options...>
latency() {
  local label="$1" name="l$((${#latency_rows[@]} + 1))"
  shift
  topic "$name-in"
  topic "$name-out"
  local job
  job="$(submit telemetry --bootstrapServers="$bootstrap" --inputTopic="$name-in" --outputTopic="$name-out" \
    --window=fixed:1s --maxEventDelay=200ms --partitionIdleAfter=1s --checkpointingInterval="$checkpointing" "$@")"
  running_since "$job" > /dev/null
  sleep 5
  local result
  result="$(bench latency "$bootstrap" "$name-in" "$name-out" "$latency_seconds" "$latency_rate" 2> /dev/null)"
  cancel "$job"
  latency_rows+=("$(printf '%-34s %s' "$label" "$result")")
  echo "${latency_rows[-1]}" >&2
}

echo "Throughput (sales already in the topic, window $window, checkpoint every $checkpointing ms) ..." >&2
throughput "at least once, maxBundleSize=1" "$records" --exactlyOnce=false
throughput "at least once, maxBundleSize=1000" "$records" --exactlyOnce=false --maxBundleSize=1000
throughput "exactly once, maxBundleSize=1" "$eos_records" --exactlyOnce=true
echo "Latency ($latency_rate readings/s for $latency_seconds s, 1 s windows, 200 ms delay) ..." >&2
latency "at least once" --exactlyOnce=false
latency "exactly once" --exactlyOnce=true

echo
printf '%-34s %9s %9s %8s %10s %10s\n' "throughput" "sales" "results" "seconds" "sales/s" "results/s"
printf '%s\n' "${rows[@]}"
echo
printf '%-34s %s\n' "latency (window end → visible)" "results, p50/p90/max in ms"
printf '%s\n' "${latency_rows[@]}"
