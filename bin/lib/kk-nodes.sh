#!/usr/bin/env bash
# summary: the cluster's nodes like eks-node-viewer: NodePool, type, capacity type, zone, age, cost, cpu/memory bars, pods, status
# usage: bin/kk nodes [--once] [--kubeconfig FILE] [--context NAME] [--nodepool NAME]
#          totals at the top (nodes, cost per hour and per month, cpu and memory requested vs allocatable), then one
#          line per Node (and per NodeClaim not registered yet): NodePool, instance type, capacity type, zone, age,
#          on-demand price per hour (built-in us-east-1 catalog; spot priced as on-demand), cpu and memory request
#          bars, pods, status (Ready/NotReady, Cordoned, Deleting, Drifted, Consolidatable).
#          Live by default (informers; redrawn after a change, at most once a second, and every 10 s); --once prints
#          one frame and exits. The cluster: --kubeconfig, else $KUBECONFIG or ~/.kube/config, its current context
#          unless --context. The stand-ins write one: bin/kk kube start -> .kk/kube/kubeconfig, bin/kk demo ->
#          .kk/demo/kubeconfig (read-only: lists and watches Nodes, NodeClaims and pods).
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
cli="$KK_HOME/deploy/kk-cli/target"
kk_build_if_missing "$cli/kk-cli.jar" deploy/kk-cli
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  -cp "$cli/kk-cli.jar:$cli/lib/*" io.kafkarpenter.cli.Main nodes "$@"
