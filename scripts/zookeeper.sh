#!/usr/bin/env bash
# A standalone Apache ZooKeeper server on loopback, from the jars Maven resolves
# (scripts/zookeeper/pom.xml): what Flink's JobManagers elect their leader with. flink-cluster.sh
# start --ha starts one of its own; this script is for running one by hand or sharing one.
#
#   scripts/zookeeper.sh start  [--port=2181] [--workdir=work/zookeeper]
#   scripts/zookeeper.sh status [--workdir=work/zookeeper]
#   scripts/zookeeper.sh stop   [--workdir=work/zookeeper]
#
# Data (snapshots, transaction log), config, log and pid live in the work folder; the data stays
# across restarts until the folder is removed. The admin server is off; the four-letter commands
# ruok and srvr answer on the client port.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/servers.sh"
usage() {
  usage_from_header 12
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command="${1:-}"
[[ -n "$command" ]] || usage
shift

server_options 2181 "$root/work/zookeeper" zookeeper.pid "$@"

# ask <port> <four-letter command>: the server's answer, empty when it does not answer.
ask() {
  local answer=""
  if { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then
    printf '%s' "$2" >&3
    answer="$(timeout 5 cat <&3 || true)"
    exec 3<&- 3>&-
  fi
  echo "$answer"
}

write_config() {
  mkdir -p "$workdir/conf" "$workdir/log" "$workdir/data"
  cat > "$workdir/conf/zoo.cfg" <<EOF
# Written by scripts/zookeeper.sh: one server on loopback.
dataDir=$workdir/data
clientPort=$port
clientPortAddress=127.0.0.1
# A tick of 500 ms lets clients ask for sessions of 1 to 10 s: Flink's JobManagers use 6 s, so a
# killed leader's session (and its leadership) ends within seconds, not the default 60 s.
tickTime=500
minSessionTimeout=1000
maxSessionTimeout=10000
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
# Keep the transaction log and snapshots from growing without end.
autopurge.snapRetainCount=3
autopurge.purgeInterval=1
EOF
  cat > "$workdir/conf/log4j2.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = File
appender.file.name = File
appender.file.type = File
appender.file.fileName = ${sys:zookeeper.log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} - %m%n
EOF
}

# ready: whether the server serves. ruok answers before it does: srvr names its mode once it does.
ready() {
  ask "$port" srvr | grep -q '^Mode: '
}

case "$command" in
  start)
    start_guard ZooKeeper
    server_classpath "$root" scripts/zookeeper "$workdir/classpath.txt"
    write_config
    echo "$port" > "$workdir/port"
    setsid nohup java -Xms64m -Xmx256m -Dlog4j.configurationFile="file:$workdir/conf/log4j2.properties" \
      -Dzookeeper.log.file="$workdir/log/zookeeper.log" -cp "$(cat "$workdir/classpath.txt")" \
      org.apache.zookeeper.server.ZooKeeperServerMain "$workdir/conf/zoo.cfg" \
      > "$workdir/log/zookeeper.out" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    await_ready ZooKeeper ready "$workdir/log/zookeeper.log" "$workdir/log/zookeeper.out"
    echo "ZooKeeper running on 127.0.0.1:$port (work folder $workdir, log $workdir/log/zookeeper.log)"
    ;;
  status)
    server_status ZooKeeper
    ask "$(cat "$workdir/port")" srvr | grep -E '^(Zookeeper version|Mode|Node count|Connections)' || true
    ;;
  stop)
    stop_server "$pidfile" "ZooKeeper of $workdir"
    ;;
  *)
    usage
    ;;
esac
