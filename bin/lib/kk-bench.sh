#!/usr/bin/env bash
# summary: benchmarks: bin/kk bench scheduling (the engine on Karpenter's diverse workload) | bench disruption (one planner pass over N half-used nodes) | bench pipeline (N pods end to end) | bench scale-down (N pods to M, until the cost is stable) | bench scale (20,000 pending pods through provisioner and launcher)
# usage: bin/kk bench scheduling [--large] [--sizes=1000,5000,20000] [--runs=5]
#        bin/kk bench disruption [--sizes=100,1000,5000] [--runs=5] [--seed=42] [--no-first-fit]
#        bin/kk bench pipeline [--pods 1000] [--cpu 250m] [--warmup 20] [--timeout 5m] [--no-build]
#        bin/kk bench scale-down [--pods 1000] [--to 700] [--cpu 250m] [--timeout 10m] [--no-build]
#          (consolidateAfter 0s; time until the cost is stable, final cost against bin/kk simulate's steady state)
#        bin/kk bench scale [--pods 20000] [--seed 42] [--request-limits on|off] [--keep] [--kubelet] [--wait 10m] [--no-build]
#          (the diverse mix published on kk.pods.pending as the pod-watcher would; window, pass, decision, NodeClaims,
#           CreateFleet calls/throttles, RSS per process, the targets; JSON in $KK_STATE/bench/scale.json)
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
case "${1:-}" in
  scheduling)
    cli="$KK_HOME/deploy/kk-cli/target"
    kk_build_if_missing "$cli/kk-cli.jar" deploy/kk-cli
    heap="-Xmx2g"
    for a in "$@"; do [ "$a" = "--large" ] && heap="-Xmx6g"; done
    exec java $heap -XX:+UseParallelGC -cp "$cli/kk-cli.jar:$cli/lib/*" io.kafkarpenter.cli.Main bench "$@"
    ;;
  disruption)
    cli="$KK_HOME/deploy/kk-cli/target"
    kk_build_if_missing "$cli/kk-cli.jar" deploy/kk-cli
    exec java -Xmx3g -XX:+UseParallelGC -cp "$cli/kk-cli.jar:$cli/lib/*" io.kafkarpenter.cli.Main bench "$@"
    ;;
  pipeline|scale-down|scale)
    which="$1"
    shift
    args=(); build=auto
    for a in "$@"; do if [ "$a" = --no-build ]; then build=no; else args+=("$a"); fi; done
    if [ "$build" = auto ]; then
      for f in "$KK_HOME/deploy/e2e/target/e2e.jar" "$KK_HOME"/{pod-watcher,provisioner,launcher,consolidator,tag-reconciler}/target/quarkus-app/quarkus-run.jar; do
        if [ ! -e "$f" ]; then echo "building (first run takes a few minutes) ..."; (cd "$KK_HOME" && ./mvnw -B -q package -DskipTests); break; fi
      done
    fi
    e2e="$KK_HOME/deploy/e2e/target"
    main=io.kafkarpenter.sandbox.e2e.BenchPipelineMain
    [ "$which" = scale-down ] && main=io.kafkarpenter.sandbox.e2e.BenchScaleDownMain
    [ "$which" = scale ] && main=io.kafkarpenter.sandbox.e2e.BenchScaleMain
    mkdir -p "$KK_STATE/bench-$which"
    # KK_BENCH_JAVA_OPTS: extra options of the driver, e.g. -Dkk.sandbox.provisioner-c2=true (full JIT for the provisioner)
    exec java -Xmx768m -XX:+UseSerialGC ${KK_BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error -Dkk.home="$KK_HOME" -Dkk.state="$KK_STATE/bench-$which" -Dkk.bench.json="$KK_STATE/bench/$which.json" \
      -cp "$e2e/e2e.jar:$e2e/lib/*" "$main" ${args[@]+"${args[@]}"}
    ;;
  *) kk_die "usage: bin/kk bench scheduling [--large] [--sizes=N,...] [--runs=N] | bin/kk bench disruption [--sizes=N,...] [--runs=N] [--seed=N] | bin/kk bench pipeline [--pods N] | bin/kk bench scale-down [--pods N] [--to M] | bin/kk bench scale [--pods N] [--seed N] [--request-limits on|off] [--keep]" ;;
esac
