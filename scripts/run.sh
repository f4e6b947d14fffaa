#!/usr/bin/env bash
# Runs an Eventide job (built and resolved by Maven) on the DirectRunner unless its options say otherwise.
#   scripts/run.sh <job> [--option=value ...]
#   scripts/run.sh sales --help                                        # the job's options
#   scripts/run.sh sales --runner=FlinkRunner --flinkMaster=[local]    # on embedded Flink
# Builds what it needs first, so it works from a fresh clone.
set -euo pipefail
if [[ $# -eq 0 ]]; then
  echo "usage: scripts/run.sh <job> [--option=value ...]   (scripts/run.sh <job> --help for its options)" >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/lib/run-java.sh"
run_java dev.eventide.pipelines.Launcher "$@"
