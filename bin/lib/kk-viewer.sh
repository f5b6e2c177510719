#!/usr/bin/env bash
# summary: the web viewer (deploy/viewer) against any cluster and broker: nodes and cost, pending pods and why, kk.decisions live
# usage: bin/kk viewer [--kubeconfig FILE] [--bootstrap HOST:PORT] [--command-config FILE] [--port 8080]
#          reads the API server of the kubeconfig's current context (default: $KUBECONFIG, else ~/.kube/config; or the
#          in-cluster config) with informers (list/watch nodes, pods, nodeclaims, nodepools) and kk.decisions with the
#          Kafka client settings of --command-config (a properties file as Kafka's tools take it, e.g. the
#          SASL/SCRAM settings of principal kafkarpenter-viewer); writes nothing. Serves http://localhost:PORT/.
#          bin/kk demo starts one for its sandbox by itself and prints its URL.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
jar="$KK_HOME/deploy/viewer/target/quarkus-app/quarkus-run.jar"
props=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kubeconfig) [ $# -ge 2 ] || kk_die "viewer: $1 needs a value"; props+=("-Dkubeconfig=$2"); shift 2 ;;
    --bootstrap) [ $# -ge 2 ] || kk_die "viewer: $1 needs a value"; props+=("-Dkafka.bootstrap.servers=$2"); shift 2 ;;
    --command-config) [ $# -ge 2 ] || kk_die "viewer: $1 needs a value"; [ -f "$2" ] || kk_die "viewer: no such file $2"
      props+=("-Dkk.viewer.kafka-properties=$2"); shift 2 ;;
    --port) [ $# -ge 2 ] || kk_die "viewer: $1 needs a value"; props+=("-Dquarkus.http.port=$2"); shift 2 ;;
    *) kk_die "viewer: unknown option $1 (--kubeconfig FILE, --bootstrap HOST:PORT, --command-config FILE, --port N)" ;;
  esac
done
kk_build_if_missing "$jar" deploy/viewer
exec java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${props[@]+"${props[@]}"} -jar "$jar"
