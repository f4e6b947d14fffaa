#!/usr/bin/env bash
# Sends sales lines to a Kafka topic at a given rate, each record stamped with the sale's event
# time: the summary's "sale data server", for Kafka. From a file, or from the built-in generator.
#   scripts/replay-sales.sh --topic=sales-in [--file=work/sales.csv] [--ratePerSecond=1000]
#       [--bootstrapServers=127.0.0.1:9092] [--partition=N] [--generatorRecords=5000 ...]
#   scripts/replay-sales.sh --help
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/run-java.sh"
EVENTIDE_JAVA_OPTS="${EVENTIDE_JAVA_OPTS:--Xmx256m}" run_tool dev.eventide.pipelines.tools.ReplaySales "$@"
