#!/usr/bin/env bash
# summary: benchmark the scheduling engine on Karpenter's diverse workload (bin/kk bench scheduling [--large])
# usage: bin/kk bench scheduling [--large] [--sizes=1000,5000,20000] [--runs=5]
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
[ "${1:-}" = "scheduling" ] || kk_die "usage: bin/kk bench scheduling [--large] [--sizes=N,...] [--runs=N]"
cli="$KK_HOME/deploy/kk-cli/target"
kk_build_if_missing "$cli/kk-cli.jar" deploy/kk-cli
heap="-Xmx2g"
for a in "$@"; do [ "$a" = "--large" ] && heap="-Xmx6g"; done
exec java $heap -XX:+UseParallelGC -cp "$cli/kk-cli.jar:$cli/lib/*" io.kafkarpenter.cli.Main bench "$@"
