#!/usr/bin/env bash
# Redraws the concept figures in docs/figures/concepts from traced DirectRunner runs of the sales
# scenarios (ConceptFiguresTest with -Dfigures.update=true). The suite fails while a committed
# figure differs from what its scenario gives, so run this after changing a scenario or the figure
# tool, and look at the change before committing it.
#
#   scripts/figures.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q install -DskipTests -pl testing,transforms -am
mvn -B -q test -pl pipelines -Dtest=ConceptFiguresTest -Dsurefire.failIfNoSpecifiedTests=false -Dfigures.update=true
git status --short docs/figures/concepts
