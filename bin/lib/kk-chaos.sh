#!/usr/bin/env bash
# summary: chaos run: the sandbox under kill -9 of random services, a broker restart, EC2 faults, spot interruptions, out-of-band deletions and malformed records, while waves of pods scale up and down; prints the invariants table, exit 1 on any violation
# Usage: bin/kk chaos [--duration 10m] [--seed N] [--no-build]
#   the sandbox (broker, EC2 simulator, Kubernetes stand-in, five services) with deploy/demo/nodepools-chaos.yaml
#   (an on-demand and a spot NodePool with cpu limits, consolidateAfter 10s) and deploy/demo/workload-chaos.yaml
#   (steady apps with PDBs and a do-not-disrupt pod; web and batch scaled in waves). One seeded plan (printed first;
#   the same --seed plays the same actions at the same times): a service killed (SIGKILL) and restarted every
#   20-40 s, sometimes two; the broker killed and restarted once; EC2 faults one after another (insufficient
#   capacity, throttling, partial fleets, latency, API errors); spot interruptions; a Node and a NodeClaim deleted
#   out of band; malformed records on three topics. No fault in the last 30 s; the run ends 60 s after the last
#   fault with the final checks. The invariants are checked every 3 s (docs/reliability.md defines each).
#   --duration D   how long the chaos lasts (default 10m; at least 60s)
#   --seed N       the plan's seed (default: drawn, printed)
#   --no-build     use what is built (fail if something is missing)
# Writes .kk/chaos/chaos-report.md (the table) and the processes' logs in .kk/chaos. CPU-heavy: the whole sandbox
# on the machine, plus a scenario simulated per wave.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
args=(); build=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=no; shift ;;
    --duration|--seed) [ $# -ge 2 ] || kk_die "chaos: $1 needs a value"; args+=("$1" "$2"); shift 2 ;;
    *) kk_die "chaos: unknown option $1 (--duration D, --seed N, --no-build)" ;;
  esac
done
e2e="$KK_HOME/deploy/e2e/target"
for f in "$e2e/e2e.jar" "$KK_HOME/deploy/local-kafka/target/lib" "$KK_HOME/deploy/ec2-simulator/target/lib" \
  "$KK_HOME/deploy/kube-standin/target/lib" "$KK_HOME"/{pod-watcher,provisioner,launcher,consolidator,tag-reconciler}/target/quarkus-app/quarkus-run.jar; do
  if [ ! -e "$f" ]; then
    [ "$build" = no ] && kk_die "chaos: not built and --no-build given (missing: $f)"
    echo "building (first run takes a few minutes) ..."; (cd "$KK_HOME" && ./mvnw -B -q package -DskipTests); break
  fi
done
mkdir -p "$KK_STATE/chaos"
exec java -Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error -Dkk.home="$KK_HOME" -Dkk.state="$KK_STATE/chaos" \
  -cp "$e2e/e2e.jar:$e2e/lib/*" io.kafkarpenter.sandbox.e2e.chaos.ChaosMain ${args[@]+"${args[@]}"}
