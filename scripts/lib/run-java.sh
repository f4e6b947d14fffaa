# Sourced by the scripts. run_java <main class> [arguments...] builds the project quietly (so it
# works from a fresh clone) and runs a main class of the pipelines module in a JVM of its own, on
# the runtime class path Maven resolved, with the JDK flags in .mvn/jvm.config that Flink and Beam
# need on Java 17. Arguments pass through untouched. EVENTIDE_JAVA_OPTS sets JVM options
# (default -Xmx2g).
#
# Why not `mvn exec:java`: inside Maven's JVM the system class loader is Maven's own, and Flink's
# embedded cluster loads job classes through it, so a FlinkRunner job fails with
# ClassNotFoundException (org.apache.flink.api.common.ExecutionConfig).

source "$(dirname "${BASH_SOURCE[0]}")/jvm.sh"

# run_tool <main class> [arguments...]: run_java with QUICK_JVM_FLAGS.
run_tool() {
  EVENTIDE_QUICK_JVM="$QUICK_JVM_FLAGS" run_java "$@"
}

run_java() {
  local main_class="$1"
  shift
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  # Maven only when a build file or main source is newer than the last build it did for the
  # scripts: it costs 5 to 15 s a call, which a test suite that runs the scripts a hundred times
  # pays once.
  local stamp="$root/pipelines/target/scripts-built.stamp"
  if [[ ! -f "$stamp" || ! -f "$root/pipelines/target/runtime-classpath.txt" ]] \
      || [[ -n "$(find "$root"/pom.xml "$root"/{testing,transforms,pipelines}/pom.xml \
        "$root"/{testing,transforms,pipelines}/src/main -newer "$stamp" -print -quit)" ]]; then
    # The stamp is taken before the build, so that a file changed during it is seen next time.
    local started="$stamp.$$"
    mkdir -p "$root/pipelines/target" && touch "$started"
    (cd "$root" && mvn -B -q -Dstyle.color=never process-classes -pl pipelines -am) >&2 \
      || { rm -f "$started"; return 1; }
    mv "$started" "$stamp"
  fi
  local classpath
  classpath="$root/pipelines/target/classes:$(cat "$root/pipelines/target/runtime-classpath.txt")"
  # shellcheck disable=SC2046 # one JDK flag per word
  exec java ${EVENTIDE_JAVA_OPTS:--Xmx2g} ${EVENTIDE_QUICK_JVM:-} $(cat "$root/.mvn/jvm.config") \
    -cp "$classpath" "$main_class" "$@"
}
