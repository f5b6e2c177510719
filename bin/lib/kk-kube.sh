# summary: a local Kubernetes stand-in (API server + kubelet + kube-scheduler + Deployment/ReplicaSet controllers): start | stop | status
# Usage: bin/kk kube start [--port N] [--ec2-endpoint URL] [--cluster NAME] [--region R]
#                          [--boot-delay D] [--init-delay D] [--poll-interval D] [--unregistered-taint]
#                          [--no-kubelet] [--no-scheduler] [--no-controllers] [--crds DIR] [--rbac FILE] [--rbac-usage-dir DIR]
#                          [--unauthenticated-admin]
#        bin/kk kube stop | status
# Port 18443 by default; data is in memory only; a kubeconfig (admin token) is written to .kk/kube/kubeconfig
# (for kubectl: `start` prints `export KUBECONFIG=...`; or bin/kk nodes --kubeconfig). The kubelet stand-in runs when an EC2 endpoint is given
# (--ec2-endpoint, else $KK_EC2_ENDPOINT); durations like 500ms, 5s, 2m. --crds: the CRDs installed at start
# (deploy/crds); --rbac: a rendered chart (bin/kk chart template ...) whose Roles and Bindings are then enforced,
# each ServiceAccount authenticating with the token kk-sa:<namespace>:<name>; with --rbac, kubectl needs
# --unauthenticated-admin (it sends no token over plain HTTP: requests without one are then the admin). See deploy/kube-standin/README.md.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"

module="$KK_HOME/deploy/kube-standin"
state="$KK_STATE/kube"
port=18443
ec2_endpoint="${KK_EC2_ENDPOINT:-}"
crds="$KK_HOME/deploy/crds"
passthrough=()
cmd="${1:-status}"; [ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --ec2-endpoint) ec2_endpoint="$2"; shift 2 ;;
    --crds) [ $# -ge 2 ] || kk_die "kube: --crds needs a directory"; crds="$(cd "$2" && pwd)"; shift 2 ;;
    --rbac|--rbac-usage-dir)
      [ $# -ge 2 ] || kk_die "kube: $1 needs a path"
      passthrough+=("$1" "$(realpath "$2")"); shift 2 ;;
    --cluster|--region|--boot-delay|--init-delay|--poll-interval)
      [ $# -ge 2 ] || kk_die "kube: $1 needs a value"
      passthrough+=("$1" "$2"); shift 2 ;;
    --unregistered-taint|--no-kubelet|--no-scheduler|--no-controllers|--unauthenticated-admin) passthrough+=("$1"); shift ;;
    *) kk_die "kube: unknown option $1" ;;
  esac
done
if [ -n "$ec2_endpoint" ]; then passthrough+=(--ec2-endpoint "$ec2_endpoint"); fi

case "$cmd" in
  start)
    if kk_running "$state/pid"; then echo "kube-standin already running (pid $(cat "$state/pid"))"; exit 0; fi
    kk_build_if_missing "$module/target/lib" deploy/kube-standin
    mkdir -p "$state"
    : > "$state/kube.log"   # a stale ready line from the last run must not count
    jar=$(ls "$module"/target/kube-standin-*.jar | head -1)
    nohup java -Xmx256m -XX:+UseSerialGC -cp "$module/target/lib/*:$jar" \
      io.kafkarpenter.sandbox.kube.KubeStandinMain --port "$port" --crds "$crds" --kubeconfig "$state/kubeconfig" \
      ${passthrough[@]+"${passthrough[@]}"} \
      > "$state/kube.log" 2>&1 &
    echo $! > "$state/pid"
    kk_wait_for_line "$state/kube.log" "kube-standin ready at" 30 "$state/pid" || kk_die "kube-standin did not start; see $state/kube.log"
    echo "kube-standin: http://127.0.0.1:$port (pid $(cat "$state/pid"), log $state/kube.log)"
    echo "kubeconfig:   $state/kubeconfig (e.g. bin/kk nodes --kubeconfig $state/kubeconfig), for kubectl:"
    echo "export KUBECONFIG=$state/kubeconfig"
    ;;
  stop) kk_stop "$state/pid" kube-standin ;;
  status)
    if kk_running "$state/pid"; then echo "kube-standin running (pid $(cat "$state/pid"))"; else echo "kube-standin not running"; exit 1; fi ;;
  *) kk_die "kube: unknown command $cmd (start | stop | status)" ;;
esac
