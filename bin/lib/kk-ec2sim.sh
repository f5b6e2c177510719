# summary: the EC2 simulator (EC2 Query API for the AWS SDK): run | start | stop | status | faults FILE | request-limits | instances | publish-ami | images | interrupt
# Usage: bin/kk ec2sim run   [--port N] [--state FILE] [--faults FILE] [--catalog FILE] [--quiet] [--request-limits]   (foreground)
#        bin/kk ec2sim start [same options]   (background; log and pid in $KK_STATE/ec2sim)
#        bin/kk ec2sim stop | status
#        bin/kk ec2sim faults FILE|--clear     replace the running simulator's faults (YAML/JSON, see FaultsSpec)
#        bin/kk ec2sim request-limits [FILE]   EC2's request limits and the calls / throttled calls per action (JSON);
#                                              with FILE (YAML/JSON RequestLimitsSpec) replace them first.
#                                              --request-limits (run/start): on from the start, EC2's bucket sizes
#        bin/kk ec2sim instances               the instances it holds, as JSON
#        bin/kk ec2sim publish-ami [--arch x86_64|arm64] [--version vYYYYMMDD] [--name NAME]
#                                              publish a newer EKS-optimized AL2023 AMI (both architectures unless
#                                              --arch; version: the day after the newest release): what al2023@latest
#                                              resolves to from now on, i.e. AMI drift. --name: any image by name.
#        bin/kk ec2sim images                  the AMIs it holds, as JSON
#        bin/kk ec2sim interrupt --instance i-... --kind spot|rebalance|scheduled|stopping|stopped|shutting-down|terminated
#                                              put the EventBridge event AWS sends on the interruption queue (SQS) and
#                                              change the instance as EC2 would (spot: terminated after the configured
#                                              spotInterruptionDelay, default 2 min); prints the event
#        --endpoint URL (any command talking to a running simulator): e.g. the demo's (bin/kk demo --keep prints it)
# Defaults: port 8787 ($KK_EC2SIM_PORT); catalog $KK_EC2SIM_CATALOG, else the one on the classpath. Without
# --endpoint or --port, a simulator started by bin/kk ec2sim start, else the one of a running bin/kk demo.
# Examples: deploy/ec2-simulator/examples/state.yaml, faults-ice.yaml. Point the SDK at http://127.0.0.1:PORT.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"

module="$KK_HOME/deploy/ec2-simulator"
state="$KK_STATE/ec2sim"
port="${KK_EC2SIM_PORT:-8787}"
main=io.kafkarpenter.sandbox.ec2.Ec2SimulatorMain
cmd="${1:-status}"; [ $# -gt 0 ] && shift

# Options for run/start: --port is ours (recorded for faults/instances/status); the rest go to the simulator.
passthrough=()
file_arg=""
endpoint=""
port_given=false
ami_arch=""; ami_version=""; ami_name=""
instance=""; kind=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; port_given=true; shift 2 ;;
    --endpoint) endpoint="${2%/}"; shift 2 ;;
    --arch) [ "$cmd" = publish-ami ] || kk_die "ec2sim: --arch is an option of publish-ami"; ami_arch="$2"; shift 2 ;;
    --version) [ "$cmd" = publish-ami ] || kk_die "ec2sim: --version is an option of publish-ami"; ami_version="$2"; shift 2 ;;
    --instance) [ "$cmd" = interrupt ] || kk_die "ec2sim: --instance is an option of interrupt"; instance="$2"; shift 2 ;;
    --kind) [ "$cmd" = interrupt ] || kk_die "ec2sim: --kind is an option of interrupt"; kind="$2"; shift 2 ;;
    --name) [ "$cmd" = publish-ami ] || kk_die "ec2sim: --name is an option of publish-ami"; ami_name="$2"; shift 2 ;;
    --state|--faults|--catalog|--host) passthrough+=("$1" "$2"); shift 2 ;;
    --quiet|--request-limits) passthrough+=("$1"); shift ;;
    *) if [ "$cmd" = faults ] || [ "$cmd" = request-limits ]; then file_arg="$1"; shift; else kk_die "ec2sim: unknown option $1"; fi ;;
  esac
done
[ -n "${KK_EC2SIM_CATALOG:-}" ] && passthrough+=(--catalog "$KK_EC2SIM_CATALOG")

url() {
  if [ -n "$endpoint" ]; then echo "$endpoint"
  elif [ "$port_given" = true ]; then echo "http://127.0.0.1:$port"
  elif kk_running "$state/pid" || [ ! -f "$KK_STATE/demo/ec2-endpoint" ]; then
    echo "http://127.0.0.1:$(cat "$state/port" 2>/dev/null || echo "$port")"
  else cat "$KK_STATE/demo/ec2-endpoint"; fi
}
classpath() {
  kk_build_if_missing "$module/target/lib" deploy/ec2-simulator
  local jar; jar=$(ls "$module"/target/ec2-simulator-*.jar 2>/dev/null | head -1)
  [ -n "$jar" ] || kk_die "no ec2-simulator jar in $module/target (build failed?)"
  echo "$module/target/lib/*:$jar"
}

case "$cmd" in
  run)
    exec java -Xmx128m -XX:+UseSerialGC -cp "$(classpath)" "$main" --port "$port" ${passthrough[@]+"${passthrough[@]}"} ;;
  start)
    if kk_running "$state/pid"; then echo "ec2-simulator already running (pid $(cat "$state/pid")) at $(url)"; exit 0; fi
    cp="$(classpath)"
    mkdir -p "$state"
    echo "$port" > "$state/port"
    : > "$state/ec2sim.log"   # truncate first: a ready line left by an earlier run must not count
    nohup java -Xmx128m -XX:+UseSerialGC -cp "$cp" "$main" --port "$port" ${passthrough[@]+"${passthrough[@]}"} \
      > "$state/ec2sim.log" 2>&1 &
    echo $! > "$state/pid"
    kk_wait_for_line "$state/ec2sim.log" "EC2 simulator listening on" 30 "$state/pid" \
      || kk_die "ec2-simulator did not start; see $state/ec2sim.log"
    echo "ec2-simulator: $(url) (pid $(cat "$state/pid"), log $state/ec2sim.log)" ;;
  stop) kk_stop "$state/pid" ec2-simulator ;;
  status)
    if curl -fsS "$(url)/_sim/health" >/dev/null 2>&1; then echo "ec2-simulator up at $(url)"; else echo "ec2-simulator not reachable at $(url)"; exit 1; fi ;;
  faults)
    [ -n "$file_arg" ] || kk_die "usage: bin/kk ec2sim faults FILE|--clear"
    if [ "$file_arg" = "--clear" ]; then
      curl -fsS -X PUT --data-binary '' "$(url)/_sim/faults"; echo
    else
      [ -f "$file_arg" ] || kk_die "no such faults file: $file_arg"
      curl -fsS -X PUT --data-binary @"$file_arg" "$(url)/_sim/faults"; echo
    fi ;;
  request-limits)
    if [ -n "$file_arg" ]; then
      [ -f "$file_arg" ] || kk_die "no such request-limits file: $file_arg"
      curl -fsS -X PUT --data-binary @"$file_arg" "$(url)/_sim/request-limits"; echo
    else
      curl -fsS "$(url)/_sim/request-limits"; echo
    fi ;;
  instances) curl -fsS "$(url)/_sim/instances"; echo ;;
  images) curl -fsS "$(url)/_sim/images"; echo ;;
  publish-ami)
    case "$ami_arch" in ""|x86_64|amd64|arm64|aarch64) ;; *) kk_die "ec2sim publish-ami: --arch x86_64 or arm64, was $ami_arch" ;; esac
    case "$ami_version" in ""|v[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) kk_die "ec2sim publish-ami: --version vYYYYMMDD, was $ami_version" ;; esac
    body="{"
    sep=""
    for kv in "name=$ami_name" "version=$ami_version" "architecture=$ami_arch"; do
      k="${kv%%=*}"; v="${kv#*=}"
      [ -n "$v" ] && { body="$body$sep\"$k\": \"$v\""; sep=", "; }
    done
    body="$body}"
    out=$(curl -sS -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary "$body" "$(url)/_sim/images") \
      || kk_die "ec2sim publish-ami: no simulator at $(url) (start one, or --endpoint URL)"
    code="${out##*$'\n'}"; out="${out%$'\n'*}"
    [ "$code" = 201 ] || kk_die "ec2sim publish-ami: $code $out"
    echo "$out" ;;
  interrupt)
    [ -n "$instance" ] && [ -n "$kind" ] || kk_die "usage: bin/kk ec2sim interrupt --instance ID --kind spot|rebalance|scheduled|stopping|stopped|shutting-down|terminated"
    case "$instance" in i-[0-9a-f]*) ;; *) kk_die "ec2sim interrupt: --instance i-..., was $instance" ;; esac
    case "$kind" in spot|rebalance|scheduled|stopping|stopped|shutting-down|terminated) ;;
      *) kk_die "ec2sim interrupt: --kind spot|rebalance|scheduled|stopping|stopped|shutting-down|terminated, was $kind" ;; esac
    out=$(curl -sS -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' \
      --data-binary "{\"instanceId\": \"$instance\", \"kind\": \"$kind\"}" "$(url)/_sim/interruptions") \
      || kk_die "ec2sim interrupt: no simulator at $(url) (start one, or --endpoint URL)"
    code="${out##*$'\n'}"; out="${out%$'\n'*}"
    [ "$code" = 200 ] || kk_die "ec2sim interrupt: $code $out"
    echo "$out" ;;
  *) kk_die "ec2sim: unknown command $cmd (run | start | stop | status | faults FILE | request-limits [FILE] | instances | publish-ami | images | interrupt)" ;;
esac
