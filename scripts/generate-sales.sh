#!/usr/bin/env bash
# Writes a sample file of sales lines (date,month,category,product,profit) from the built-in
# deterministic generator, with the disorder, late and malformed fractions you ask for.
#   scripts/generate-sales.sh --file=work/sales.csv [--generatorRecords=5000] [--generatorSeed=42]
#       [--generatorMaxDisorder=2s] [--generatorLateFraction=0.01] [--generatorMalformedFraction=0.05]
#   scripts/generate-sales.sh --help
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/run-java.sh"
run_tool dev.eventide.pipelines.tools.GenerateSalesFile "$@"
