# Sourced by the scripts: builds the project quietly (from a fresh clone too) and runs a main
# class of the pipelines module through `mvn exec:java`, passing the arguments on one by one.
# Usage: exec_main <main class> [arguments...]

exec_main() {
  local main_class="$1"
  shift
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  cd "$root"
  mvn -B -q -Dstyle.color=never -DskipTests install -pl pipelines -am
  # exec:java takes its arguments as one string; quote each so values may hold spaces or commas.
  local args="" a
  for a in "$@"; do
    if [[ "$a" == *"'"* ]]; then
      args+="\"${a//\"/\\\"}\" "
    else
      args+="'$a' "
    fi
  done
  exec mvn -B -q -Dstyle.color=never -pl pipelines exec:java -Dexec.mainClass="$main_class" -Dexec.args="$args"
}
