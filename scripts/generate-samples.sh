#!/usr/bin/env bash
# Writes sample files in the formats of the summary's example jobs (cab_rides.txt, wc.txt,
# persons.txt, locations.txt, avg.txt) from the built-in deterministic generators.
#   scripts/generate-samples.sh --dir=work/samples [--generatorRecords=1000] [--generatorSeed=42]
#       [--generatorMalformedFraction=0.02] [--joinRecords=12] [--joinIds=10]
#   scripts/generate-samples.sh --help
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/run-java.sh"
run_java dev.eventide.pipelines.tools.GenerateSampleFiles "$@"
