#!/usr/bin/env bash
# Measures Kafka → window → Kafka, the Eventide sales job on the FlinkRunner beside the same work as
# a native Flink job (KafkaSource → keyed event-time windows → KafkaSink), on one cluster, topics
# and data, and prints a table of medians:
#  - throughput at steady state: each job reads sales already in a topic (2 partitions), and the
#    rate is taken between the first result past 20% of the sales' event-time span and the first
#    past 80%, so start-up, warm-up and the last windows are left out;
#  - latency: sales stamped now are sent live at --latencyRate for --latencySeconds, and each
#    result's delay from its window's end to being visible to a read_committed consumer is taken;
#  - records per transaction, from the output topic's end offsets (one commit marker per
#    transaction and partition).
# Two workloads: "month" (the generator's sales, a sale every 100 ms of event time, 1 s windows per
# month: ten sales per result) and "1k products" (a sale every millisecond over 1,000 products, 1 s
# windows per product: about 630 results a second of event time).
#
#   scripts/bench-kafka.sh [--runs=3] [--records=1500000] [--productRecords=600000]
#                          [--nativeRecords=12000000] [--nativeProductRecords=4000000]
#                          [--beamSinkRecords=5000] [--checkpointing=1000]
#                          [--latencySeconds=30] [--latencyRate=1000] [--rows=all|<regex>]
#                          [--beamOptions="--maxBundleSize=100 ..."]
#
# It starts its own Kafka broker and Flink cluster (one TaskManager, 2 slots; jobs at parallelism
# 2) on free loopback ports in work/bench-kafka, stops them at the end, and writes the medians as a
# chart, work/bench-kafka/bench-kafka.svg. One run of every row takes about 15 minutes. Beam's own
# exactly-once sink (a transaction per result) reads fewer sales (--beamSinkRecords) and has no
# latency row.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/servers.sh"
source "$root/scripts/lib/flink-rest.sh"

runs=3
records=1500000
product_records=600000
native_records=12000000
native_product_records=4000000
beam_sink_records=5000
checkpointing=1000
latency_seconds=30
latency_rate=1000
only=all
beam_options=""
for arg in "$@"; do
  case "$arg" in
    --runs=*) runs="${arg#*=}" ;;
    --records=*) records="${arg#*=}" ;;
    --productRecords=*) product_records="${arg#*=}" ;;
    --nativeRecords=*) native_records="${arg#*=}" ;;
    --nativeProductRecords=*) native_product_records="${arg#*=}" ;;
    --beamSinkRecords=*) beam_sink_records="${arg#*=}" ;;
    --checkpointing=*) checkpointing="${arg#*=}" ;;
    --latencySeconds=*) latency_seconds="${arg#*=}" ;;
    --latencyRate=*) latency_rate="${arg#*=}" ;;
    --rows=*) only="${arg#*=}" ;;
    --beamOptions=*) beam_options="${arg#*=}" ;;
    *) usage_from_header 26 ;;
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

# The native job and the connector jars it ships to the cluster.
(cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl pipelines,scripts/bench -am) >&2
native_jar="$work/native-kafka-job.jar"
jar cf "$native_jar" -C "$root/scripts/bench/target/classes" dev/eventide/bench/NativeKafkaJob.class \
  -C "$root/scripts/bench/target/classes" 'dev/eventide/bench/NativeKafkaJob$SumAndCount.class' \
  -C "$root/scripts/bench/target/classes" 'dev/eventide/bench/NativeKafkaJob$AsJson.class'
native_cp="$root/scripts/bench/target/classes:$(cat "$root/scripts/bench/target/runtime-classpath.txt")"
shipped="$native_jar,$(tr ':' '\n' < "$root/scripts/bench/target/runtime-classpath.txt" \
  | grep -E '/(flink-connector-kafka|flink-connector-base|kafka-clients)-[^/]*\.jar$' | paste -sd,)"

echo "Starting Kafka and a Flink cluster in $work ..." >&2
"$root/scripts/kafka.sh" start --port="$kafka_port" --workdir="$work/kafka" > "$work/kafka-start.log"
"$root/scripts/flink-cluster.sh" start --port="$(free_port)" --workdir="$work/flink" --slots=2 > "$work/flink-start.log"
rest="$(rest_url_of "$work/flink")"

topic() { "$root/scripts/kafka.sh" topic create "$1" --partitions "$2" --bootstrap="$bootstrap" > /dev/null 2>&1; }
bench() {
  (source "$root/scripts/lib/run-java.sh"; EVENTIDE_JAVA_OPTS=-Xmx256m run_java dev.eventide.pipelines.tools.KafkaBench "$@")
}
cancel() { "$root/scripts/flink-cluster.sh" cancel "$1" --workdir="$work/flink" > /dev/null; }
# Waits until the job runs.
wait_running() {
  local deadline=$((SECONDS + 120)) state
  while true; do
    state="$(curl -sf "$rest/jobs/$1" | jq -r '.state')"
    [[ "$state" == RUNNING ]] && return
    [[ $SECONDS -lt $deadline ]] || { echo "job $1 is $state after 120 s" >&2; exit 1; }
    sleep 0.2
  done
}

# start_job <variant> <name> <in> <out> <keyBy> <extra...>: submits the job, prints its id.
start_job() {
  local variant="$1" name="$2" in="$3" out="$4" key="$5"
  shift 5
  if [[ "$variant" == native-* ]]; then
    java -Xmx256m -cp "$native_cp" dev.eventide.bench.NativeKafkaJob --jobManager="${rest#http://}" \
      --bootstrap="$bootstrap" --input="$in" --output="$out" --keyBy="$key" --jobName="$name" \
      --guarantee="${variant#native-}" --checkpointing="$checkpointing" --jars="$shipped" "$@" \
      2> "$work/$name.submit.log" | sed -n 's/^Job id: //p'
    return
  fi
  local sink=() options=()
  for option in "$@"; do
    # The native job's own options.
    [[ "$option" == --maxDelayMillis=* || "$option" == --idleMillis=* ]] || options+=("$option")
  done
  case "$variant" in
    beam-at_least_once) sink=(--exactlyOnce=false) ;;
    beam-exactly_once) sink=(--exactlyOnce=true) ;;
    beam-beams_sink) sink=(--exactlyOnce=true --exactlyOnceSink=beam) ;;
  esac
  "$root/scripts/submit.sh" --workdir="$work/flink" sales --bootstrapServers="$bootstrap" --inputTopic="$in" \
    --outputTopic="$out" --consumerGroup="$name" --keyBy="$key" --window=fixed:1s --runningTotalEvery=off \
    --parallelism=2 --checkpointingInterval="$checkpointing" "${sink[@]}" $beam_options "${options[@]}" 2> "$work/$name.submit.log" \
    | sed -n 's/^Job id: //p'
}

# fill <topic> <records> <replay options...>: the input topic, with a closing line stamped now;
# prints the sales' first and last event times.
fill() {
  local in="$1" n="$2"
  shift 2
  topic "$in" 2
  local sent
  sent="$("$root/scripts/replay-sales.sh" --topic="$in" --bootstrapServers="$bootstrap" --ratePerSecond=0 \
    --generatorRecords="$n" --generatorMalformedFraction=0 --generatorLateFraction=0 "$@" 2> /dev/null)"
  echo "end of the sales" | "$root/scripts/kafka.sh" produce "$in" --bootstrap="$bootstrap" > /dev/null 2>&1
  echo "$sent" >&2
  echo "$sent" | sed -n 's/.*event times \([^ ]*\) to \([^ ]*\)\.$/\1 \2/p'
}

declare -A samples
row_names=()
count=0
# throughput <row> <variant> <in> <records> <eventStart> <eventEnd> <keyBy> [extra...]
throughput() {
  local row="$1" variant="$2" in="$3" n="$4" from="$5" to="$6" key="$7"
  shift 7
  [[ "$only" == all || "$row" =~ $only ]] || return 0
  count=$((count + 1))
  local name="t$count" out="t$count-out"
  topic "$out" 1
  bench drain "$bootstrap" "$out" 10 "$from" "$to" > "$work/$name.drain" 2> /dev/null &
  local drain=$! job
  job="$(start_job "$variant" "$name" "$in" "$out" "$key" "$@")"
  [[ -n "$job" ]] || { echo "$row: the job did not start (see $work/$name.submit.log)" >&2; exit 1; }
  wait "$drain" || true
  cancel "$job"
  local steady results tx
  steady="$(sed -n 's/.*steadyMs=\([0-9]*\).*/\1/p' "$work/$name.drain")"
  results="$(sed -n 's/.*steadyResults=\([0-9]*\).*/\1/p' "$work/$name.drain")"
  tx="$(bench transactions "$bootstrap" "$out" 2> /dev/null)"
  local line
  line="$(awk -v n="$n" -v ms="${steady:-0}" -v r="${results:-0}" -v tx="$tx" -v eos="$variant" 'BEGIN {
    split(tx, f, /[= ]/); rec = f[2]; ends = f[4];
    per = (eos ~ /at_least_once/ || ends <= rec) ? "-" : sprintf("%.0f", rec / (ends - rec));
    if (ms <= 0) { printf "- - %s", per; exit }
    printf "%.0f %.0f %s", 0.6 * n * 1000 / ms, r * 1000 / ms, per }')"
  [[ -n "${samples[$row]+x}" ]] || row_names+=("$row")
  samples[$row]+="$line;"
  echo "$row: sales/s results/s records/transaction = $line (steady part ${steady:-?} ms)" >&2
}

# latency <row> <variant> [extra...]
latency() {
  local row="$1" variant="$2"
  shift 2
  [[ "$only" == all || "$row" =~ $only ]] || return 0
  count=$((count + 1))
  local name="l$count"
  topic "$name-in" 2
  topic "$name-out" 1
  local job result
  job="$(start_job "$variant" "$name" "$name-in" "$name-out" product "$@")"
  wait_running "$job"
  sleep 5
  result="$(bench latency "$bootstrap" "$name-in" "$name-out" "$latency_seconds" "$latency_rate" sales 2> /dev/null || true)"
  # How long its checkpoints took, trigger to acknowledged: an exactly-once result waits for one.
  result+=" $(curl -sf "$rest/jobs/$job/checkpoints" \
    | jq -r '.summary.end_to_end_duration // {} | "ckpt50=\(.p50 // "-" | floor? // .) ckpt99=\(.p99 // "-" | floor? // .)"')"
  cancel "$job"
  [[ -n "${samples[$row]+x}" ]] || row_names+=("$row")
  samples[$row]+="$result;"
  echo "$row: $result" >&2
}

# Native Flink gets more of the same sales: it reads them over ten times faster, and its steady
# part must still be many checkpoints long.
echo "Filling the input topics ..." >&2
read -r month_from month_to < <(fill month-in "$records")
read -r product_from product_to < <(fill products-in "$product_records" --products=1000)
read -r small_from small_to < <(fill month-small-in "$beam_sink_records")
if [[ "$only" == all || "$only" =~ native ]]; then
  read -r big_from big_to < <(fill month-big-in "$native_records")
  read -r big_product_from big_product_to < <(fill products-big-in "$native_product_records" --products=1000)
fi

# Beam on Flink with bundles: what the runner would do by default, with the watermark pushed
# through at every checkpoint (see docs/operations/kafka.md: with bundles and no more, it stalls at low rates).
bundles=(--maxBundleSize=1000 --finishBundleBeforeCheckpointing=true)
for run in $(seq "$runs"); do
  echo "Run $run of $runs ..." >&2
  for guarantee in at_least_once exactly_once; do
    throughput "month      native-$guarantee" "native-$guarantee" month-big-in "$native_records" "${big_from:-}" "${big_to:-}" month
    throughput "month      beam-$guarantee, bundles of 1" "beam-$guarantee" month-in "$records" "$month_from" "$month_to" month \
      --maxBundleSize=1
    throughput "month      beam-$guarantee, bundles of 1000" "beam-$guarantee" month-in "$records" "$month_from" "$month_to" month \
      "${bundles[@]}"
    throughput "1k products native-$guarantee" "native-$guarantee" products-big-in "$native_product_records" \
      "${big_product_from:-}" "${big_product_to:-}" product
    throughput "1k products beam-$guarantee, bundles of 1000" "beam-$guarantee" products-in "$product_records" \
      "$product_from" "$product_to" product "${bundles[@]}"
  done
  throughput "month      beam-beams_sink (KafkaIO withEOS)" beam-beams_sink month-small-in "$beam_sink_records" "$small_from" "$small_to" month
  for row in native-at_least_once beam-at_least_once native-exactly_once beam-exactly_once; do
    latency "latency    $row$([[ "$row" == beam-* ]] && echo ', bundles of 1')" "$row" --maxEventDelay=200ms --maxDelayMillis=200 \
      --partitionIdleAfter=1s --idleMillis=1000 --maxBundleSize=1
    if [[ "$row" == beam-* ]]; then
      latency "latency    $row, bundles of 1000" "$row" --maxEventDelay=200ms --partitionIdleAfter=1s "${bundles[@]}"
    fi
  done
done

# The median of each column over the runs ("-" where a run had no figure).
median() {
  tr ';' '\n' | awk -v c="$1" 'NF && $c != "-" { print $c + 0 }' | sort -n \
    | awk '{ a[NR] = $1 } END { if (!NR) print "-"; else printf "%.0f\n", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
# The chart's rows: section, label, value, text, colour (dev.eventide.bench.BarChart).
chart=""
colour() {
  case "$1" in
    *native*) echo "#e6772e" ;;
    *beams_sink*) echo "#9b5de5" ;;
    *"bundles of 1000"*) echo "#3b7dd8" ;;
    *) echo "#7fa7e0" ;;
  esac
}
echo
echo "Medians of $runs run(s); checkpoint every $checkpointing ms; sales already in the topic:"
printf '%-50s %10s %10s %10s %10s\n' "throughput" "sales/s" "results/s" "vs native" "rec/tx"
for row in "${row_names[@]}"; do
  [[ "$row" == latency* ]] && continue
  s="$(echo "${samples[$row]}" | median 1)"
  r="$(echo "${samples[$row]}" | median 2)"
  t="$(echo "${samples[$row]}" | median 3)"
  base=""
  case "$row" in
    *beam-at_least_once*) base="${row%%beam-*}native-at_least_once" ;;
    *beam-exactly_once* | *beams_sink*) base="${row%%beam-*}native-exactly_once" ;;
  esac
  ratio="-"
  if [[ -n "$base" && -n "${samples[$base]+x}" ]]; then
    ratio="$(awk -v a="$s" -v b="$(echo "${samples[$base]}" | median 1)" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2fx", a / b }')"
  fi
  printf '%-50s %10s %10s %10s %10s\n' "$row" "$s" "$r" "$ratio" "$t"
  chart+="throughput, sales a second (median, log scale)"$'\t'"$(echo "$row" | tr -s ' ')"$'\t'"$s"$'\t'"$s sales/s$([[ "$ratio" != - ]] && echo ", $ratio native")$([[ "$t" != - ]] && echo ", $t records per transaction")"$'\t'"$(colour "$row")"$'\n'
done
echo
echo "Latency, window end → visible (read_committed), $latency_rate sales/s live for $latency_seconds s, 1 s windows per product, 200 ms delay:"
printf '%-50s %10s %10s %10s %10s %10s\n' "latency" "results" "p50 ms" "p99 ms" "ckpt p50" "ckpt p99"
for row in "${row_names[@]}"; do
  [[ "$row" == latency* ]] || continue
  fields="$(echo "${samples[$row]}" | tr ';' '\n' \
    | sed -n 's/results=\([0-9]*\) p50=\([0-9]*\) p99=\([0-9]*\).*ckpt50=\([^ ]*\) ckpt99=\([^ ]*\).*/\1 \2 \3 \4 \5/p' | paste -sd';')"
  p50="$(echo "$fields" | median 2)"
  p99="$(echo "$fields" | median 3)"
  printf '%-50s %10s %10s %10s %10s %10s\n' "$row" "$(echo "$fields" | median 1)" "$p50" \
    "$p99" "$(echo "$fields" | median 4)" "$(echo "$fields" | median 5)"
  chart+="latency, window end to visible read_committed, ms (median of p50, log scale)"$'\t'"$(echo "$row" | tr -s ' ')"$'\t'"$p50"$'\t'"p50 $p50 ms, p99 $p99 ms"$'\t'"$(colour "$row")"$'\n'
done
command="scripts/bench-kafka.sh"
for arg in "$@"; do command+=" $arg"; done
printf '%s' "$chart" > "$work/bench-kafka.tsv"   # the chart's rows, to redraw it with dev.eventide.bench.BarChart
java -cp "$native_cp" dev.eventide.bench.BarChart --log=true --out="$work/bench-kafka.svg" < "$work/bench-kafka.tsv" \
  --title="Kafka to window to Kafka: the sales job on the FlinkRunner against native Flink, one cluster" --command="$command"
echo
echo "Wrote $work/bench-kafka.svg"
