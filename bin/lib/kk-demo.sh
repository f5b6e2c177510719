#!/usr/bin/env bash
# summary: run Kafkarpenter locally end to end (broker, EC2/EKS/IAM simulator, Kubernetes stand-in, five services): the workshop's §1.7 done by the tag-reconciler, then its chapter: scale-up, right-sizing, scale-to-0, drift
# Usage: bin/kk demo [--phase NAME] [--manifests FILE] [--pods N] [--keep] [--timeout 150s] [--no-build] [--rebuild]
#   first, always: the simulated cluster starts like the workshop's before §1.7 (no karpenter.sh/discovery tag
#   anywhere); the demo prints `bin/kk tags check` before (⚠️ cluster, private subnets, cluster security group) and
#   after the tag-reconciler tagged them (✅), then each EC2NodeClass Ready with its subnets, groups, AMIs and profile
#   phases (all by default, in this order; each prints one summary line with its timing):
#     scale-up      inflate (pause, cpu request 1) 0 -> N: the NodePool's cpu limit of 10 reached, the rest pending
#                   with the reason
#     right-sizing  inflate -> 4: consolidation deletes or replaces nodes (after consolidateAfter and its 15 s
#                   validation); nodes and cost per hour before and after, each command's reason from kk.decisions,
#                   and the cost bin/kk simulate plans for the same state
#     scale-to-0    inflate -> 0: the empty nodes go once consolidateAfter has passed
#     drift         inflate -> 6, then a newer AL2023 AMI is published in the EC2 simulator: every node is replaced
#                   (never more at a time than the NodePool's disruption budget), the pods move, none is lost
#   --phase NAME     play one phase (it sets up what it needs first); or --phase spot, played only alone: the
#                    workshop's spot/on-demand split (deploy/demo/nodepools-spot-split.yaml), one spot node
#                    interrupted: the replacement, the pods moving and the time against EC2's two minutes
#   --manifests FILE your own NodePools and EC2NodeClasses (team or weighted pools, spot/on-demand, Graviton) instead
#                    of the workshop's deploy/demo/nodepool-default.yaml (${CLUSTER_NAME} is replaced)
#   --pods N         scale-up target (default 30)
#   --workload FILE  with --phase scale-up: play the Deployments of FILE instead of inflate (their replicas)
#   --keep           leave everything running at the end (stop it later with: bin/kk demo stop); prints
#                    `export KUBECONFIG=...` for kubectl against the Kubernetes stand-in
#   --timeout D      give a phase at most D to settle (default 150s)
#   --no-build       use what is built (fail if something is missing); --rebuild: build even if built
#   bin/kk demo stop   stops what a --keep run left running
# The web viewer (deploy/viewer) starts with the services; its URL is printed at start and at the end.
# Every port is picked free at start (the end lists them). Exit 0 when every phase behaved, 1 with the reasons
# otherwise. Ctrl-C stops every process it started. About 4 minutes on 2 cores.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"

state="$KK_STATE/demo"
if [ "${1:-}" = stop ]; then
  if [ -f "$state/pids" ]; then
    # the services first, the broker and the stand-ins last (reverse start order); SIGKILL after 20 s
    pids=(); while read -r pid; do [ -n "$pid" ] && pids=("$pid" "${pids[@]}"); done < "$state/pids"
    for pid in "${pids[@]}"; do
      kill -TERM "$pid" 2>/dev/null || continue
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    done
    rm -f "$state/pids" "$state/ec2-endpoint"
  fi
  echo "demo stopped"; exit 0
fi

build=auto
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=no; shift ;;
    --rebuild) build=yes; shift ;;
    --pods|--workload|--timeout|--state|--phase|--manifests) [ $# -ge 2 ] || kk_die "demo: $1 needs a value"; args+=("$1" "$2"); shift 2 ;;
    --keep) args+=("$1"); shift ;;
    *) kk_die "demo: unknown option $1 (--phase NAME, --manifests FILE, --pods N, --workload FILE, --keep, --timeout D, --no-build, --rebuild; or: stop)" ;;
  esac
done

needed=("$KK_HOME/deploy/e2e/target/e2e.jar" "$KK_HOME/deploy/local-kafka/target/lib" \
  "$KK_HOME/deploy/ec2-simulator/target/lib" "$KK_HOME/deploy/kube-standin/target/lib" \
  "$KK_HOME/deploy/viewer/target/quarkus-app/quarkus-run.jar")
for s in pod-watcher provisioner launcher consolidator tag-reconciler; do
  needed+=("$KK_HOME/$s/target/quarkus-app/quarkus-run.jar")
done
missing=false
for f in "${needed[@]}"; do [ -e "$f" ] || missing=true; done
if [ "$build" = yes ] || { [ "$build" = auto ] && [ "$missing" = true ]; }; then
  echo "building (first run takes a few minutes) ..."
  (cd "$KK_HOME" && ./mvnw -B -q package -DskipTests)
elif [ "$missing" = true ]; then
  kk_die "demo: not built and --no-build given (missing: $(for f in "${needed[@]}"; do [ -e "$f" ] || echo "$f"; done | head -3 | tr '\n' ' '))"
fi
mkdir -p "$state"
e2e="$KK_HOME/deploy/e2e/target"
exec java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
  -Dkk.home="$KK_HOME" -Dkk.state="$state" -cp "$e2e/e2e.jar:$e2e/lib/*" io.kafkarpenter.sandbox.e2e.DemoMain \
  ${args[@]+"${args[@]}"}
