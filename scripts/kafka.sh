#!/usr/bin/env bash
# A single Apache Kafka broker in KRaft mode (no ZooKeeper) on loopback, from the jars Maven
# resolves (scripts/kafka/pom.xml), and the client commands the walkthrough needs.
#
#   scripts/kafka.sh start  [--port=9092] [--workdir=work/kafka]
#   scripts/kafka.sh status [--workdir=work/kafka]
#   scripts/kafka.sh stop   [--workdir=work/kafka]
#   scripts/kafka.sh topic create <name> [--partitions N]
#   scripts/kafka.sh produce <topic>                    one record per line of standard input
#   scripts/kafka.sh consume <topic> [--timeout <s>]    committed records from the beginning
#
# The client commands take --bootstrap=<host:port> (default 127.0.0.1:9092). The storage is
# formatted once with a random cluster id; data, config, log and pid live in the work folder.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/servers.sh"
usage() {
  usage_from_header 13
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command="${1:-}"
[[ -n "$command" ]] || usage
shift

case "$command" in
  topic|produce|consume)
    # The clients are a tool of the pipelines module (Kafka's own 3.7 jar has no topic command).
    source "$root/scripts/lib/run-java.sh"
    EVENTIDE_JAVA_OPTS="${EVENTIDE_JAVA_OPTS:--Xmx256m}" run_tool dev.eventide.pipelines.tools.KafkaTool "$command" "$@"
    ;;
esac

server_options 9092 "$root/work/kafka" kafka.pid "$@"

write_config() {
  local controller_port="$1"
  mkdir -p "$workdir/conf" "$workdir/log" "$workdir/data"
  cat > "$workdir/conf/server.properties" <<EOF
# Written by scripts/kafka.sh: one node that is both broker and controller, on loopback.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$workdir/data
num.partitions=1
# One node: the internal topics cannot have more replicas than that.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# Topics are created on purpose (scripts/kafka.sh topic create), not by a typo.
auto.create.topics.enable=false
# Records carry their event time (replayed sales of 2018): retention by time would delete them
# at once. This broker keeps everything until its work folder is removed.
log.retention.ms=-1
EOF
  cat > "$workdir/conf/log4j2.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = File
appender.file.name = File
appender.file.type = File
appender.file.fileName = ${sys:kafka.log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} - %m%n
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

# ready: whether the broker serves. Listening is not enough: it is once it says it has started.
ready() {
  listening "$port" && grep -q "Kafka Server started" "$workdir/log/server.log" 2>/dev/null
}

case "$command" in
  start)
    start_guard Kafka
    server_classpath "$root" scripts/kafka "$workdir/classpath.txt"
    classpath="$(cat "$workdir/classpath.txt")"
    # The controller keeps its port across restarts of one work folder.
    [[ -f "$workdir/controller-port" ]] || free_port > "$workdir/controller-port"
    write_config "$(cat "$workdir/controller-port")"
    echo "$port" > "$workdir/port"
    logging=(-Dlog4j.configurationFile="file:$workdir/conf/log4j2.properties" -Dkafka.log.file="$workdir/log/server.log")
    if [[ ! -f "$workdir/data/meta.properties" ]]; then
      cluster_id="$(java $QUICK_JVM_FLAGS -cp "$classpath" "${logging[@]}" kafka.tools.StorageTool random-uuid)"
      java $QUICK_JVM_FLAGS -cp "$classpath" "${logging[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
        -c "$workdir/conf/server.properties" > "$workdir/log/format.out"
    fi
    : > "$workdir/log/server.log"
    setsid nohup java -Xms256m -Xmx512m "${logging[@]}" -cp "$classpath" kafka.Kafka \
      "$workdir/conf/server.properties" > "$workdir/log/server.out" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    await_ready Kafka ready "$workdir/log/server.log" "$workdir/log/server.out"
    echo "Kafka running on 127.0.0.1:$port (KRaft, work folder $workdir, log $workdir/log/server.log)"
    ;;
  status)
    server_status Kafka
    ;;
  stop)
    stop_server "$pidfile" "Kafka of $workdir"
    ;;
  *)
    usage
    ;;
esac
