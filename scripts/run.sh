#!/usr/bin/env bash
# Runs an Eventide job through Maven on the DirectRunner (or any runner its options name).
#   scripts/run.sh <job> [--option=value ...]
#   scripts/run.sh sales --help
#   scripts/run.sh sales --runner=FlinkRunner --flinkMaster=[local]      # embedded Flink
# Builds what it needs first (quietly), so it works from a fresh clone.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: scripts/run.sh <job> [--option=value ...]   (scripts/run.sh <job> --help for its options)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mvn -B -q -DskipTests install -pl pipelines -am

# exec:java takes its arguments as one string: quote each so values may hold spaces.
args=""
for a in "$@"; do
  args+="'${a//\'/\'\\\'\'}' "
done
exec mvn -B -q -pl pipelines exec:java -Dexec.args="$args"
