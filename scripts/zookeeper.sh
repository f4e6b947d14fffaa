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

port=2181
workdir="$root/work/zookeeper"
for arg in "$@"; do
  case "$arg" in
    --port=*) port="${arg#*=}" ;;
    --workdir=*) workdir="${arg#*=}" ;;
    *) echo "Unknown option $arg" >&2; usage ;;
  esac
done
mkdir -p "$workdir"
workdir="$(cd "$workdir" && pwd)"
pidfile="$workdir/zookeeper.pid"

running() {
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

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

case "$command" in
  start)
    if running; then
      echo "ZooKeeper of $workdir is already running on 127.0.0.1:$(cat "$workdir/port")"
      exit 0
    fi
    if listening "$port"; then
      echo "Port $port is taken: choose another with --port=" >&2
      exit 1
    fi
    (cd "$root" && mvn -B -q -Dstyle.color=never -f scripts/zookeeper/pom.xml dependency:build-classpath \
      -Dmdep.outputFile="$workdir/classpath.txt") >&2
    write_config
    echo "$port" > "$workdir/port"
    setsid nohup java -Xms64m -Xmx256m -Dlog4j.configurationFile="file:$workdir/conf/log4j2.properties" \
      -Dzookeeper.log.file="$workdir/log/zookeeper.log" -cp "$(cat "$workdir/classpath.txt")" \
      org.apache.zookeeper.server.ZooKeeperServerMain "$workdir/conf/zoo.cfg" \
      > "$workdir/log/zookeeper.out" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    deadline=$((SECONDS + 60))
    # ruok answers before the server serves: srvr names its mode once it does.
    until ask "$port" srvr | grep -q '^Mode: '; do
      if ! running || [[ $SECONDS -ge $deadline ]]; then
        echo "ZooKeeper did not start; last lines of its log:" >&2
        tail -n 20 "$workdir/log/zookeeper.log" "$workdir/log/zookeeper.out" >&2 2>/dev/null || true
        running && kill "$(cat "$pidfile")"
        rm -f "$pidfile"
        exit 1
      fi
      sleep 0.2
    done
    echo "ZooKeeper running on 127.0.0.1:$port (work folder $workdir, log $workdir/log/zookeeper.log)"
    ;;
  status)
    if ! running; then
      echo "ZooKeeper of $workdir is not running."
      exit 3
    fi
    echo "ZooKeeper running on 127.0.0.1:$(cat "$workdir/port") (pid $(cat "$pidfile"), work folder $workdir)"
    ask "$(cat "$workdir/port")" srvr | grep -E '^(Zookeeper version|Mode|Node count|Connections)' || true
    ;;
  stop)
    if ! running; then
      echo "ZooKeeper of $workdir is not running."
      rm -f "$pidfile"
      exit 0
    fi
    pid="$(cat "$pidfile")"
    kill "$pid"
    deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [[ $SECONDS -lt $deadline ]]; do
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "ZooKeeper ($pid) did not stop in 30 s: killing it" >&2
      kill -9 "$pid" || true
    fi
    rm -f "$pidfile"
    echo "ZooKeeper of $workdir stopped."
    ;;
  *)
    usage
    ;;
esac
