#!/usr/bin/env bash
# summary: tail kk.decisions, one line per pod outcome (why each pod was placed, or why it stays pending)
# usage: bin/kk decisions [--bootstrap HOST:PORT] [--from-beginning] [--pod NAMESPACE/NAME] [--exit-after 30s]
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
cli="$KK_HOME/deploy/kk-cli/target"
kk_build_if_missing "$cli/kk-cli.jar" deploy/kk-cli
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cli/kk-cli.jar:$cli/lib/*" io.kafkarpenter.cli.Main decisions "$@"
