#!/usr/bin/env bash
# A standalone Flink session cluster on loopback, from the jars Maven resolves (no Flink
# distribution needed): one JobManager JVM (two with --ha) and N TaskManager JVMs.
#
#   scripts/flink-cluster.sh start  [--taskmanagers=1] [--slots=2] [--port=8081]
#                                   [--state-backend=hashmap|rocksdb] [--workdir=work/flink]
#                                   [--ha [--jobmanagers=2] [--zookeeper=host:port]]
#   scripts/flink-cluster.sh status [--workdir=work/flink]
#   scripts/flink-cluster.sh cancel <jobId> [--workdir=work/flink]
#   scripts/flink-cluster.sh kill-taskmanager [--workdir=work/flink]   (kill -9 the busiest one)
#   scripts/flink-cluster.sh kill-jobmanager [--workdir=work/flink]    (kill -9 the leader)
#   scripts/flink-cluster.sh stop   [--workdir=work/flink]
#   scripts/flink-cluster.sh start-application [start's options] [--fromSavepoint=<path>]
#                                   [--main-class=<class>] <job> [--option=value ...]
#
# --ha: ZooKeeper high availability. The JobManagers (REST on --port, --port+1, ...) elect a
# leader through ZooKeeper (a server of the cluster's own in <workdir>/zookeeper, unless
# --zookeeper names one); when the leader dies, a standby takes over its jobs from their last
# completed checkpoint. start on a running cluster brings back any process of it that died.
#
# start-application: Flink's application mode, a cluster of its own for one job (work folder
# work/flink-application by default). Its JobManager runs the main of --main-class (default
# dev.eventide.pipelines.ApplicationMain) with the job and its options, and the bundled jar on
# every process's class path (nothing is uploaded), taking the defaults submit.sh does; the
# cluster ends when the job does (a bounded job by itself), or with stop.
#
# Everything lives in the work folder: conf/ (config.yaml, log4j), log/ (one log per process),
# pid/ (the processes it started), process/ (their working folders: job jars, local state; removed
# on stop), checkpoints/, savepoints/, ha/ (the HA store). The dashboard and the REST API are on
# http://127.0.0.1:<port> (with --ha, the leader's port: see rest-port). Every server binds to
# 127.0.0.1 only.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/servers.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/flink-rest.sh"
usage() {
  usage_from_header 31
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command="${1:-}"
[[ -n "$command" ]] || usage
shift

taskmanagers=1
slots=2
port=8081
state_backend=hashmap
workdir="$root/work/flink"
job_id=""
ha=false
jobmanagers=""
zookeeper=""
from_savepoint=""
main_class=dev.eventide.pipelines.ApplicationMain
application_job=""
job_options=()
[[ "$command" == start-application ]] && workdir="$root/work/flink-application"
for arg in "$@"; do
  if [[ -n "$application_job" ]]; then
    job_options+=("$arg")
    continue
  fi
  case "$arg" in
    --fromSavepoint=*) from_savepoint="${arg#*=}" ;;
    --main-class=*) main_class="${arg#*=}" ;;
    --taskmanagers=*) taskmanagers="${arg#*=}" ;;
    --slots=*) slots="${arg#*=}" ;;
    --port=*) port="${arg#*=}" ;;
    --state-backend=*) state_backend="${arg#*=}" ;;
    --workdir=*) workdir="${arg#*=}" ;;
    --ha) ha=true ;;
    --jobmanagers=*) jobmanagers="${arg#*=}" ;;
    --zookeeper=*) zookeeper="${arg#*=}" ;;
    -*) echo "Unknown option $arg" >&2; usage ;;
    *)
      if [[ "$command" == start-application ]]; then
        application_job="$arg"
      else
        job_id="$arg"
      fi
      ;;
  esac
done
if [[ -z "$jobmanagers" ]]; then
  [[ "$ha" == true ]] && jobmanagers=2 || jobmanagers=1
fi
if [[ "$ha" == false && "$jobmanagers" != 1 ]]; then
  echo "More than one JobManager needs --ha" >&2
  exit 2
fi
mkdir -p "$workdir"
workdir="$(cd "$workdir" && pwd)"
conf="$workdir/conf"
logs="$workdir/log"
pids="$workdir/pid"

rest_url() {
  rest_url_of "$workdir"
}

# The pid files whose process is still alive.
live_pids() {
  local f
  for f in "$pids"/*.pid; do
    [[ -e "$f" ]] || continue
    if kill -0 "$(cat "$f")" 2>/dev/null; then
      echo "$f"
    fi
  done
}

# Whether the cluster of this work folder was started with --ha.
is_ha() {
  grep -q '^high-availability.type: zookeeper' "$conf/config.yaml" 2>/dev/null
}

alive() {
  [[ -f "$pids/$1.pid" ]] && kill -0 "$(cat "$pids/$1.pid")" 2>/dev/null
}

# The JobManager that leads now: the live one whose REST endpoint was granted leadership last and
# has not lost it since (its log says so). Empty while there is none.
leader() {
  local f name last
  for f in "$pids"/jobmanager*.pid; do
    [[ -e "$f" ]] || continue
    name="$(basename "$f" .pid)"
    alive "$name" || continue
    last="$(grep -E 'https?://[0-9.]+:[0-9]+ (was granted leadership|lost leadership)' "$logs/$name.log" 2>/dev/null | tail -1 || true)"
    if [[ "$last" == *"was granted leadership"* ]]; then
      echo "$name"
      return
    fi
  done
}

# wait_for_leader <seconds>: prints the leading JobManager once there is one, and makes its REST
# port the scripts' port; fails after <seconds>.
wait_for_leader() {
  local deadline=$((SECONDS + $1)) name
  while true; do
    name="$(leader)"
    if [[ -n "$name" ]]; then
      cp "$workdir/rest-ports/$name" "$workdir/rest-port"
      echo "$name"
      return 0
    fi
    [[ $SECONDS -lt $deadline ]] || return 1
    sleep 0.2
  done
}

write_config() {
  local rpc_port="$1"
  mkdir -p "$conf" "$logs" "$pids" "$workdir/checkpoints" "$workdir/savepoints"
  cat > "$conf/config.yaml" <<EOF
# Written by scripts/flink-cluster.sh: a session cluster on loopback.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
taskmanager.memory.process.size: 2304m
# Every Beam job loads its bundled jar's classes anew in a class loader of its own, and not all of
# them are freed when it ends: at Flink's default of 256 MB, a TaskManager that had run about ten
# jobs died of "OutOfMemoryError: Metaspace". The heap and managed memory stay as at 1536m.
taskmanager.memory.jvm-metaspace.size: 1024m
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $port
parallelism.default: 1
state.backend.type: $state_backend
state.checkpoints.dir: file://$workdir/checkpoints
state.savepoints.dir: file://$workdir/savepoints
# Without it a TaskManager that starts before the JobManager waits 10 s to retry.
cluster.registration.error-delay: 1000
# A TaskManager that dies is noticed in seconds, not after the default 50 s.
heartbeat.interval: 2000
heartbeat.timeout: 10000
# The processes' working folders (job jars, local state) belong to this cluster. By default they
# are /tmp/tm_<resource id>, which a fixed id (taskmanager-1) shares with every other cluster on
# the machine: each start then scanned the jars of all earlier jobs (seen: 18 GB, 42 s).
process.working-dir: $workdir/process
EOF
  if [[ "$ha" == true ]]; then
    mkdir -p "$workdir/ha"
    cat >> "$conf/config.yaml" <<EOF
# High availability: the JobManagers elect a leader through ZooKeeper (each one's RPC and blob
# ports are free ports, its REST port a -D setting); job graphs and completed checkpoints are
# kept in ha/ (file:// is enough for processes of one machine).
high-availability.type: zookeeper
high-availability.zookeeper.quorum: $zookeeper
high-availability.storageDir: file://$workdir/ha
# Unique to this work folder, so that clusters can share a ZooKeeper.
high-availability.cluster-id: /eventide-$(echo "$workdir" | cksum | cut -d' ' -f1)
# A killed leader leads until its ZooKeeper session expires: 6 s here, not Flink's 60 s (the
# cluster's own ZooKeeper grants 1 to 10 s).
high-availability.zookeeper.client.session-timeout: 6000
high-availability.zookeeper.client.connection-timeout: 3000
EOF
  fi
  cat > "$conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
# Beam SQL logs a stack trace for every row an expression fails on; the row is a dead letter.
logger.sqlcalc.name = org.apache.beam.sdk.extensions.sql.impl.rel.BeamCalcRel
logger.sqlcalc.level = OFF
EOF
}

# The lines BashJavaUtils prints for a process's memory: JVM options, then -D settings.
resource_params() {
  local which="$1" out
  out="$(java $QUICK_JVM_FLAGS -cp "$classpath" org.apache.flink.runtime.util.bash.BashJavaUtils "$which" \
    --configDir "$conf" 2>&1)" || { echo "$out" >&2; return 1; }
  echo "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

# start_process <name> <main class> <BashJavaUtils command> [-D settings of this process only]
start_process() {
  local name="$1" main="$2" params jvm dynamic
  params="$(resource_params "$3")"
  jvm="$(echo "$params" | sed -n 1p)"
  dynamic="$(echo "$params" | sed -n 2p) ${4:-}"
  # A process started again keeps its predecessor's log beside its own (leader() reads the log).
  [[ -f "$logs/$name.log" ]] && mv "$logs/$name.log" "$logs/$name.log.1"
  [[ -f "$logs/$name.out" ]] && mv "$logs/$name.out" "$logs/$name.out.1"
  # A TaskManager's id in the REST API is its pid file's name.
  [[ "$name" == taskmanager-* ]] && dynamic="$dynamic -D taskmanager.resource-id=$name"
  # shellcheck disable=SC2086 # JVM options and -D settings are one word each
  setsid nohup java $jvm $(cat "$root/.mvn/jvm.config") \
    -Dlog.file="$logs/$name.log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
    -cp "$classpath" "$main" --configDir "$conf" $dynamic "${process_args[@]}" \
    > "$logs/$name.out" 2>&1 < /dev/null &
  echo $! > "$pids/$name.pid"
}

# Arguments after the -D settings of the next process start_process starts (the application's).
process_args=()

# start_jobmanager <name>: a JobManager on the REST port kept for it in rest-ports/.
start_jobmanager() {
  start_process "$1" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    GET_JM_RESOURCE_PARAMS "-D rest.port=$(cat "$workdir/rest-ports/$1")"
}

stop_processes() {
  local f pid deadline
  for f in $(live_pids); do
    kill "$(cat "$f")" 2>/dev/null || true
  done
  deadline=$((SECONDS + 30))
  while [[ -n "$(live_pids)" && $SECONDS -lt $deadline ]]; do
    sleep 0.5
  done
  for f in $(live_pids); do
    pid="$(cat "$f")"
    echo "Process $pid ($(basename "$f" .pid)) did not stop in 30 s: killing it" >&2
    kill -9 "$pid" 2>/dev/null || true
  done
  # Job jars and local state of processes that are gone; checkpoints, savepoints and the HA store
  # stay (a cluster started again on the same HA store recovers the jobs it was running).
  rm -rf "$pids"/*.pid "$workdir/rest-port" "$workdir/process" "$workdir/application"
  if [[ -f "$workdir/zookeeper/zookeeper.pid" ]]; then
    "$root/scripts/zookeeper.sh" stop --workdir="$workdir/zookeeper" > /dev/null
  fi
}

fail_start() {
  echo "The Flink cluster did not start: $1" >&2
  local log
  for log in "$logs"/*.log "$logs"/*.out "$workdir"/zookeeper/log/zookeeper.log; do
    [[ -s "$log" ]] || continue
    echo "--- last lines of $log" >&2
    tail -n 15 "$log" >&2
  done
  stop_processes
  exit 1
}

# wait_for_taskmanagers <n>: until n TaskManagers are registered and alive (a killed one stays
# registered until its heartbeat times out).
wait_for_taskmanagers() {
  local expected="$1" deadline=$((SECONDS + 60)) registered f
  while true; do
    registered="$(curl -sf "$(rest_url)/taskmanagers" | jq -r '[.taskmanagers[].id] | join(" ")' 2>/dev/null || true)"
    local all=true
    for f in "$pids"/*.pid; do
      kill -0 "$(cat "$f")" 2>/dev/null || fail_start "$(basename "$f" .pid) exited"
      [[ "$(basename "$f" .pid)" == jobmanager* || " $registered " == *" $(basename "$f" .pid) "* ]] || all=false
    done
    [[ "$all" == true && $(wc -w <<< "$registered") -eq "$expected" ]] && break
    [[ $SECONDS -lt $deadline ]] || fail_start "$expected TaskManager(s) not registered after 60 s"
    sleep 0.5
  done
}

case "$command" in
  start)
    if [[ -n "$(live_pids)" ]]; then
      if [[ -f "$workdir/application" ]]; then
        echo "$workdir holds an application cluster: it is not restarted (stop it, and start-application again)" >&2
        exit 1
      fi
      # Running: bring back any JobManager or TaskManager that died (or was killed).
      classpath="$(cat "$workdir/classpath.txt")"
      for f in "$pids"/jobmanager*.pid; do
        id="$(basename "$f" .pid)"
        alive "$id" && continue
        # A JobManager of an HA cluster comes back as a standby (or the leader, if there is none).
        start_jobmanager "$id"
        echo "Restarted JobManager $id (REST port $(cat "$workdir/rest-ports/$id"))"
      done
      if is_ha; then
        wait_for_leader 90 > /dev/null || fail_start "no JobManager leads after 90 s"
      fi
      for f in "$pids"/taskmanager-*.pid; do
        kill -0 "$(cat "$f")" 2>/dev/null && continue
        # The JobManager forgets a dead TaskManager when its heartbeat times out (10 s): the new
        # process under the same id registers after that.
        id="$(basename "$f" .pid)"
        deadline=$((SECONDS + 60))
        while curl -sf "$(rest_url)/taskmanagers" | jq -e --arg id "$id" 'any(.taskmanagers[]; .id == $id)' > /dev/null; do
          [[ $SECONDS -lt $deadline ]] || { echo "TaskManager $id is still registered after 60 s" >&2; exit 1; }
          sleep 0.5
        done
        start_process "$id" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
        echo "Restarted TaskManager $id"
      done
      wait_for_taskmanagers "$(find "$pids" -name 'taskmanager-*.pid' | wc -l)"
      echo "The Flink cluster of $workdir is running: $(rest_url)"
      exit 0
    fi
    server_classpath "$root" scripts/flink "$workdir/classpath.txt"
    classpath="$(cat "$workdir/classpath.txt")"
    rm -rf "$logs"/*.log "$logs"/*.out "$logs"/*.1 "$workdir/rest-ports"
    mkdir -p "$workdir/rest-ports"
    # REST ports: --port, then the ports after it for the other JobManagers.
    names=(jobmanager)
    [[ "$ha" == true ]] && names=($(seq -f 'jobmanager-%g' 1 "$jobmanagers"))
    for i in "${!names[@]}"; do
      if listening "$((port + i))"; then
        echo "Port $((port + i)) is taken: choose another with --port= (the JobManagers take $jobmanagers from it)" >&2
        exit 1
      fi
      echo "$((port + i))" > "$workdir/rest-ports/${names[$i]}"
    done
    if [[ "$ha" == true && -z "$zookeeper" ]]; then
      zk_port="$(free_port)"
      "$root/scripts/zookeeper.sh" start --workdir="$workdir/zookeeper" --port="$zk_port" > /dev/null \
        || { echo "The cluster's ZooKeeper did not start" >&2; exit 1; }
      zookeeper="127.0.0.1:$zk_port"
    fi
    write_config "$(free_port)"
    echo "$port" > "$workdir/rest-port"
    for name in "${names[@]}"; do
      start_jobmanager "$name"
    done
    for i in $(seq 1 "$taskmanagers"); do
      start_process "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
        GET_TM_RESOURCE_PARAMS
    done
    if [[ "$ha" == true ]]; then
      wait_for_leader 90 > /dev/null || fail_start "no JobManager leads after 90 s"
    fi
    wait_for_taskmanagers "$taskmanagers"
    echo "Flink cluster running: $taskmanagers TaskManager(s) x $slots slots, state backend $state_backend"
    if [[ "$ha" == true ]]; then
      echo "High availability: $jobmanagers JobManagers on REST ports $(cat "$workdir"/rest-ports/* | paste -sd ' '), ZooKeeper $zookeeper; $(leader) leads"
    fi
    echo "Dashboard and REST: $(rest_url)"
    echo "Logs: $logs"
    ;;
  status)
    if [[ -z "$(live_pids)" ]]; then
      echo "The Flink cluster of $workdir is not running."
      exit 3
    fi
    if is_ha; then
      lead="$(wait_for_leader 0 || true)"
      for f in "$workdir"/rest-ports/*; do
        name="$(basename "$f")"
        if [[ "$name" == "$lead" ]]; then state=leader; elif alive "$name"; then state=standby; else state=down; fi
        echo "JobManager $name: $state, REST http://127.0.0.1:$(cat "$f")"
      done
    fi
    echo "Flink cluster at $(rest_url) (work folder $workdir)"
    # Just after a takeover the new leader's REST API answers 503 for a few seconds.
    deadline=$((SECONDS + 15))
    until curl -sf "$(rest_url)/overview" > /dev/null || [[ $SECONDS -ge $deadline ]] \
        || { [[ -f "$workdir/application" ]] && ! alive jobmanager; }; do
      sleep 0.5
    done
    if ! curl -sf "$(rest_url)/overview" > /dev/null; then
      if [[ -f "$workdir/application" ]] && ! alive jobmanager; then
        # The application's end, as its JobManager logged it.
        outcome="$(grep -o 'Application completed [A-Z]*\|Application failed[^.]*' "$logs/jobmanager.log" | tail -1 || true)"
        echo "The application's JobManager has ended: ${outcome:-see $logs/jobmanager.log}. stop ends the TaskManagers."
      else
        echo "No JobManager answers at $(rest_url)."
      fi
      exit 0
    fi
    curl -sf "$(rest_url)/overview" | jq -r \
      '"TaskManagers: \(.taskmanagers), slots: \(.["slots-total"]) (\(.["slots-available"]) free), jobs running: \(.["jobs-running"])"'
    curl -sf "$(rest_url)/jobs/overview" | jq -r \
      '.jobs[] | "\(.jid)  \(.state)  \(.name)"'
    ;;
  cancel)
    [[ -n "$job_id" ]] || usage
    curl -sf -X PATCH "$(rest_url)/jobs/$job_id?mode=cancel" > /dev/null \
      || { echo "Could not cancel job $job_id at $(rest_url)" >&2; exit 1; }
    echo "Cancelling job $job_id"
    ;;
  kill-taskmanager)
    # The TaskManager with the most slots in use: the one a running job's tasks are on.
    victim="$(curl -sf "$(rest_url)/taskmanagers" \
      | jq -r '.taskmanagers | sort_by(.freeSlots - .slotsNumber) | .[0] | "\(.id) \(.slotsNumber - .freeSlots)"')" \
      || { echo "No Flink cluster answers at $(rest_url)" >&2; exit 1; }
    read -r id used <<< "$victim"
    [[ -f "$pids/$id.pid" ]] || { echo "No TaskManager of this cluster to kill (found '$id')" >&2; exit 1; }
    pid="$(cat "$pids/$id.pid")"
    kill -9 "$pid"
    # Gone before it returns, so that a start right after it brings the TaskManager back.
    while kill -0 "$pid" 2>/dev/null; do
      sleep 0.1
    done
    echo "Killed TaskManager $id (pid $pid) with $used slot(s) in use"
    ;;
  kill-jobmanager)
    if ! is_ha; then
      # The only JobManager: its jobs die with it (start brings it back, without them).
      alive jobmanager || { echo "The JobManager of $workdir is not running" >&2; exit 1; }
      pid="$(cat "$pids/jobmanager.pid")"
      kill -9 "$pid"
      while kill -0 "$pid" 2>/dev/null; do
        sleep 0.1
      done
      echo "Killed JobManager jobmanager (pid $pid), the only one: without --ha its jobs are lost"
      exit 0
    fi
    id="$(leader)"
    [[ -n "$id" ]] || { echo "No JobManager of $workdir leads now" >&2; exit 1; }
    pid="$(cat "$pids/$id.pid")"
    kill -9 "$pid"
    killed_at=$SECONDS
    while kill -0 "$pid" 2>/dev/null; do
      sleep 0.1
    done
    echo "Killed JobManager $id (pid $pid), the leader"
    # The takeover: another JobManager is granted leadership once the killed one's ZooKeeper
    # session expires; the scripts then talk to it.
    if next="$(wait_for_leader 120)"; then
      echo "JobManager $next leads after $((SECONDS - killed_at)) s: $(rest_url)"
    else
      echo "No other JobManager leads after 120 s (start brings $id back)" >&2
      exit 1
    fi
    ;;
  start-application)
    [[ -n "$application_job" ]] || usage
    if [[ -n "$(live_pids)" ]]; then
      echo "A cluster of $workdir is running: stop it first (scripts/flink-cluster.sh stop --workdir=$workdir)" >&2
      exit 1
    fi
    if listening "$port"; then
      echo "Port $port is taken: choose another with --port=" >&2
      exit 1
    fi
    source "$root/scripts/lib/flink-jobs.sh"
    jar="$(bundled_jar "$root")"
    server_classpath "$root" scripts/flink "$workdir/classpath.txt"
    # Flink's jars first, so that its own dependencies win over the bundled jar's copies.
    classpath="$(cat "$workdir/classpath.txt"):$jar"
    rm -rf "$logs"/*.log "$logs"/*.out "$logs"/*.1 "$workdir/rest-ports"
    mkdir -p "$workdir/rest-ports"
    echo "$port" > "$workdir/rest-ports/jobmanager"
    echo "$port" > "$workdir/rest-port"
    echo "$application_job" > "$workdir/application"
    write_config "$(free_port)"
    cluster_job_args "$application_job" "${job_options[@]}"
    # The runner takes the application's environment ([auto]); detached, because Flink's
    # application mode runs main without waiting for the job (attached, Beam would ask the
    # detached result for its runtime and fail: apache/beam issue 32944).
    process_args=(--job-classname "$main_class")
    [[ -n "$from_savepoint" ]] && process_args+=(--fromSavepoint "$from_savepoint")
    process_args+=("$application_job" "${job_args[@]}" --runner=FlinkRunner --attachedMode=false --waitUntilFinish=false)
    start_process jobmanager org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint \
      GET_JM_RESOURCE_PARAMS "-D rest.port=$port"
    process_args=()
    for i in $(seq 1 "$taskmanagers"); do
      start_process "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
        GET_TM_RESOURCE_PARAMS
    done
    # The job is listed once main has submitted it.
    deadline=$((SECONDS + 120))
    until id="$(curl -sf "$(rest_url)/jobs/overview" | jq -r '.jobs[0].jid // empty' 2>/dev/null)" && [[ -n "$id" ]]; do
      alive jobmanager || fail_start "the JobManager exited before the job was submitted"
      [[ $SECONDS -lt $deadline ]] || fail_start "no job after 120 s"
      sleep 0.5
    done
    echo "Application cluster running job '$job_name' ($application_job): $taskmanagers TaskManager(s) x $slots slots"
    echo "Job id: $id"
    echo "Dashboard: $(rest_url)/#/job/running/$id/overview"
    echo "Logs: $logs (the cluster ends with the job; scripts/flink-cluster.sh stop --workdir=$workdir ends it sooner)"
    ;;
  stop)
    if [[ -z "$(live_pids)" ]]; then
      echo "The Flink cluster of $workdir is not running."
      rm -rf "$pids"/*.pid "$workdir/rest-port" "$workdir/process" "$workdir/application"
      if [[ -f "$workdir/zookeeper/zookeeper.pid" ]]; then
        "$root/scripts/zookeeper.sh" stop --workdir="$workdir/zookeeper" > /dev/null
      fi
      exit 0
    fi
    stop_processes
    echo "Flink cluster of $workdir stopped."
    ;;
  *)
    usage
    ;;
esac
