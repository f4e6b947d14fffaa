# Sourced by the scripts: usage from the script's
# header comment, and loopback ports.
source "$(dirname "${BASH_SOURCE[0]}")/jvm.sh"

# usage <last header line>: prints the script's header comment (from line 2) and exits 2.
usage_from_header() {
  sed -n "2,$1p" "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# listening <port>: whether something listens on that TCP port.
listening() {
  ss -ltnH "( sport = :$1 )" | grep -q .
}

# free_port: a TCP port nothing listens on.
free_port() {
  local candidate
  for _ in $(seq 1 200); do
    candidate=$((20000 + RANDOM % 40000))
    if ! listening "$candidate"; then
      echo "$candidate"
      return
    fi
  done
  echo "No free port found" >&2
  return 1
}

# pid_alive <pid file>: whether the process the file names runs.
pid_alive() {
  [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

# stop_server <pid file> <what>: stops the process the file names (TERM, and KILL if it has not
# ended in 30 s), removes the file, and says so. A process that is not running is said too.
stop_server() {
  local pidfile="$1" what="$2" pid deadline
  if ! pid_alive "$pidfile"; then
    echo "$what is not running."
    rm -f "$pidfile"
    return 0
  fi
  pid="$(cat "$pidfile")"
  kill "$pid"
  deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [[ $SECONDS -lt $deadline ]]; do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$what ($pid) did not stop in 30 s: killing it" >&2
    kill -9 "$pid" || true
  fi
  rm -f "$pidfile"
  echo "$what stopped."
}

# server_options <default port> <default work folder> <pid file name> [--port=N] [--workdir=D]:
# sets port, workdir (made, and absolute) and pidfile from a single server's options; any other
# option is an error.
server_options() {
  port="$1"
  workdir="$2"
  local name="$3" arg
  shift 3
  for arg in "$@"; do
    case "$arg" in
      --port=*) port="${arg#*=}" ;;
      --workdir=*) workdir="${arg#*=}" ;;
      *) echo "Unknown option $arg" >&2; usage ;;
    esac
  done
  mkdir -p "$workdir"
  workdir="$(cd "$workdir" && pwd)"
  pidfile="$workdir/$name"
}

# The start and status of a single server of server_options, named <name> (Kafka, ZooKeeper).

# start_guard <name>: ends the script if the server runs already (status 0, saying where) or its
# port is taken (status 1).
start_guard() {
  if pid_alive "$pidfile"; then
    echo "$1 of $workdir is already running on 127.0.0.1:$(cat "$workdir/port")"
    exit 0
  fi
  if listening "$port"; then
    echo "Port $port is taken: choose another with --port=" >&2
    exit 1
  fi
}

# await_ready <name> <ready check> <log file>...: waits up to 60 s for the check (a command) to
# pass while the server lives; otherwise prints the last lines of its logs, stops it, exits 1.
await_ready() {
  local name="$1" check="$2" deadline=$((SECONDS + 60))
  shift 2
  until $check; do
    if ! pid_alive "$pidfile" || [[ $SECONDS -ge $deadline ]]; then
      echo "$name did not start; last lines of its log:" >&2
      tail -n 20 "$@" >&2 2>/dev/null || true
      pid_alive "$pidfile" && kill "$(cat "$pidfile")"
      rm -f "$pidfile"
      exit 1
    fi
    sleep 0.2
  done
}

# server_status <name>: where the server runs, or (status 3) that it does not.
server_status() {
  if ! pid_alive "$pidfile"; then
    echo "$1 of $workdir is not running."
    exit 3
  fi
  echo "$1 running on 127.0.0.1:$(cat "$workdir/port") (pid $(cat "$pidfile"), work folder $workdir)"
}

# server_classpath <root> <pom folder> <output file>: writes the class path of the server whose
# pom is in <pom folder> (scripts/flink, scripts/kafka, ...) to the output file. Maven resolves it
# only when the pom or the parent pom changed since it last did (kept in <pom folder>/target).
server_classpath() {
  local root="$1" dir="$2" cached="$1/$2/target/classpath.txt"
  if [[ ! -f "$cached" || "$root/pom.xml" -nt "$cached" || "$root/$dir/pom.xml" -nt "$cached" ]]; then
    mkdir -p "$root/$dir/target"
    (cd "$root" && mvn -B -q -Dstyle.color=never -f "$dir/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$cached.$$") >&2 || return 1
    mv "$cached.$$" "$cached"
  fi
  cp "$cached" "$3"
}
