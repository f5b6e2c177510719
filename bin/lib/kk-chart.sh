#!/usr/bin/env bash
# summary: render or lint the Helm chart deploy/helm/kafkarpenter (helm-java: no helm binary needed)
# usage: bin/kk chart template [--crds] [--set key=value]...
#          prints the manifests of release kafkarpenter in namespace kube-system (Helm hooks, i.e. the topics Job,
#          and the CRDs of crds/ are not part of them; --crds renders the kafkarpenter-crd chart instead)
#        bin/kk chart lint [--crds] [--set key=value]...
#          helm lint with those values; exit 1 when it fails
#        one --set per value (a comma belongs to the value); \. for a dot inside a key, e.g.
#          --set 'launcher.serviceAccount.annotations.eks\.amazonaws\.com/role-arn=arn:aws:iam::1:role/x'
#        settings.clusterName is required. The charts are read from this clone's deploy/helm, so edits show at once.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
case "${1:-}" in template|lint) ;; *) kk_die "usage: bin/kk chart template|lint [--crds] [--set key=value]... (see bin/lib/kk-chart.sh)" ;; esac
cli="$KK_HOME/deploy/kk-cli/target"
# the chart module in target/lib is the marker: a kk-cli built before `kk chart` existed lacks it
chart_jar=$(ls "$cli"/lib/chart-*.jar 2>/dev/null | head -1 || true)
kk_build_if_missing "${chart_jar:-$cli/lib/chart.jar}" deploy/kk-cli
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Dkk.helm.dir="$KK_HOME/deploy/helm" \
  -cp "$cli/kk-cli.jar:$cli/lib/*" io.kafkarpenter.cli.Main chart "$@"
