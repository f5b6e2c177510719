#!/usr/bin/env bash
# summary: run the scheduling engine on a scenario file and print the decision as JSON (shared/scenarios/FORMAT.md)
# usage: bin/kk simulate SCENARIO.yaml
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
[ $# -eq 1 ] || kk_die "usage: bin/kk simulate SCENARIO.yaml"
cli="$KK_HOME/deploy/kk-cli/target"
kk_build_if_missing "$cli/kk-cli.jar" deploy/kk-cli
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$cli/kk-cli.jar:$cli/lib/*" \
  io.kafkarpenter.cli.Main simulate "$1"
