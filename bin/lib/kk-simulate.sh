#!/usr/bin/env bash
# summary: run the scheduling engine on a scenario file and print the decision as JSON (shared/scenarios/FORMAT.md)
# usage: bin/kk simulate SCENARIO.yaml
#        bin/kk simulate --until-stable SCENARIO.yaml   (mode: disruption) apply each pass's commands as if they
#            succeeded, pass after pass, until the planner decides nothing: the simulated steady state and its cost
#        bin/kk simulate --eventually SCENARIO.yaml     the same from one hour after the scenario's now (every
#            consolidateAfter window passed), e.g. for a scenario exported by bin/kk demo / bench scale-down
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
mode=()
case "${1:-}" in --until-stable|--eventually) mode=("$1"); shift ;; esac
[ $# -eq 1 ] || kk_die "usage: bin/kk simulate [--until-stable | --eventually] SCENARIO.yaml"
cli="$KK_HOME/deploy/kk-cli/target"
kk_build_if_missing "$cli/kk-cli.jar" deploy/kk-cli
# A class-data-sharing archive of the CLI's classes makes every later start faster; it is (re)written by the first
# run after a build. -Xlog:disable keeps the JVM from ever printing on stdout, which carries the JSON decision.
jsa="$cli/kk-cli.jsa"
if [ -f "$jsa" ] && [ "$jsa" -nt "$cli/kk-cli.jar" ]; then
  share="-XX:SharedArchiveFile=$jsa"
else
  share="-XX:ArchiveClassesAtExit=$jsa"
fi
exec java -Xlog:disable -Xlog:all=off -XX:+UseSerialGC -XX:TieredStopAtLevel=1 $share \
  -cp "$cli/kk-cli.jar:$cli/lib/*" io.kafkarpenter.cli.Main simulate ${mode[@]+"${mode[@]}"} "$1"
