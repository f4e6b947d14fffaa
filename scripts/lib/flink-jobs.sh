# Sourced by the scripts that run Eventide jobs on a Flink cluster (submit.sh, and flink-cluster.sh
# start-application): the bundled jar, and the options a job on a cluster gets unless given.

# bundled_jar <root>: prints the bundled jar's path, rebuilt first when a source or build file is
# newer than it.
bundled_jar() {
  local root="$1" jar="$1/pipelines/target/eventide-pipelines-0.1.0-SNAPSHOT-bundled.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$root"/pom.xml "$root"/{testing,transforms,pipelines}/pom.xml \
      "$root"/{testing,transforms,pipelines}/src/main -newer "$jar" -print -quit)" ]]; then
    echo "Building the bundled jar ..." >&2
    (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl pipelines -am) >&2
  fi
  echo "$jar"
}

# cluster_job_args <job> [options...]: sets the array job_args to the options, plus the defaults of
# a job on a cluster that are not given (see submit.sh's header for why each), and job_name to
# the job's --jobName (a unique one unless given).
cluster_job_args() {
  local job="$1"
  shift
  given() { [[ " ${job_args[*]} " == *" --$1="* ]]; }
  job_args=("$@")
  job_name="eventide-$job-$(date +%Y%m%d-%H%M%S)-$RANDOM"
  if given jobName; then
    job_name="$(printf '%s\n' "$@" | sed -n 's/^--jobName=//p' | tail -1)"
  else
    job_args+=("--jobName=$job_name")
  fi
  given checkpointingInterval || job_args+=("--checkpointingInterval=1000")
  given numberOfExecutionRetries || job_args+=("--numberOfExecutionRetries=2")
  given executionRetryDelay || job_args+=("--executionRetryDelay=5000")
  given maxBundleSize || job_args+=("--maxBundleSize=1000")
  given finishBundleBeforeCheckpointing || job_args+=("--finishBundleBeforeCheckpointing=true")
  given objectReuse || job_args+=("--objectReuse=true")
  given fasterCopy || job_args+=("--fasterCopy=true")
}
