#!/usr/bin/env bash
# summary: the EC2 simulator (EC2 Query API for the AWS SDK): run | start | stop | status | faults FILE | instances
#
#   bin/kk ec2sim run   [--port N] [--state FILE] [--faults FILE] [--catalog FILE]   in the foreground
#   bin/kk ec2sim start [same options]     in the background (log and pid under $KK_STATE/ec2sim)
#   bin/kk ec2sim stop                     stops the one 'start' launched
#   bin/kk ec2sim status                   is it up, and where
#   bin/kk ec2sim faults FILE              replaces the running simulator's faults (YAML/JSON, see FaultsSpec)
#   bin/kk ec2sim faults --clear           removes them
#   bin/kk ec2sim instances                the instances it holds, as JSON
# Defaults: port $KK_EC2SIM_PORT (8787); the catalog from $KK_EC2SIM_CATALOG, else the one on the classpath.
# Point the SDK (or the services) at http://127.0.0.1:PORT with endpointOverride.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"

MODULE=deploy/ec2-simulator
TARGET="$KK_HOME/$MODULE/target"
DIR="$KK_STATE/ec2sim"
PORT="${KK_EC2SIM_PORT:-8787}"
MAIN=io.kafkarpenter.sandbox.ec2.Ec2SimulatorMain

jar_path() { ls "$TARGET"/ec2-simulator-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1; }

ensure_built() {
  kk_build_if_missing "$TARGET/lib" "$MODULE"
  [ -n "$(jar_path)" ] || kk_die "no simulator jar in $TARGET (build failed?)"
}

# The port among the arguments (for status/faults), else the default.
port_of() {
  local p="$PORT"
  while [ $# -gt 0 ]; do
    if [ "$1" = "--port" ] && [ $# -gt 1 ]; then p="$2"; fi
    shift
  done
  echo "$p"
}

java_args() {
  local args=(--port "$PORT")
  [ -n "${KK_EC2SIM_CATALOG:-}" ] && args+=(--catalog "$KK_EC2SIM_CATALOG")
  echo "${args[@]}"
}

url() { echo "http://127.0.0.1:$(cat "$DIR/port" 2>/dev/null || echo "$PORT")"; }

cmd="${1:-run}"
[ $# -gt 0 ] && shift
case "$cmd" in
  run)
    ensure_built
    # shellcheck disable=SC2046
    exec java -cp "$(jar_path):$TARGET/lib/*" "$MAIN" $(java_args) "$@"
    ;;
  start)
    ensure_built
    mkdir -p "$DIR"
    if [ -f "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
      echo "kk: EC2 simulator already running (pid $(cat "$DIR/pid")) at $(url)"; exit 0
    fi
    port_of "$@" > "$DIR/port"
    # shellcheck disable=SC2046
    nohup java -cp "$(jar_path):$TARGET/lib/*" "$MAIN" $(java_args) "$@" > "$DIR/ec2sim.log" 2>&1 &
    echo $! > "$DIR/pid"
    for _ in $(seq 1 100); do
      if grep -q "listening on" "$DIR/ec2sim.log" 2>/dev/null; then
        sed -n 's/^EC2 simulator //p' "$DIR/ec2sim.log" | head -1; exit 0
      fi
      kill -0 "$(cat "$DIR/pid")" 2>/dev/null || { cat "$DIR/ec2sim.log" >&2; kk_die "EC2 simulator did not start"; }
      sleep 0.2
    done
    kk_die "EC2 simulator did not report ready within 20 s (see $DIR/ec2sim.log)"
    ;;
  stop)
    if [ -f "$DIR/pid" ]; then
      pid="$(cat "$DIR/pid")"
      kill "$pid" 2>/dev/null && echo "kk: stopped EC2 simulator (pid $pid)" || echo "kk: EC2 simulator was not running"
      rm -f "$DIR/pid"
    else
      echo "kk: no EC2 simulator started by kk"
    fi
    ;;
  status)
    if curl -fsS "$(url)/_sim/health" >/dev/null 2>&1; then echo "EC2 simulator up at $(url)"; else echo "EC2 simulator not reachable at $(url)"; exit 1; fi
    ;;
  faults)
    [ $# -ge 1 ] || kk_die "usage: bin/kk ec2sim faults FILE|--clear"
    if [ "$1" = "--clear" ]; then
      curl -fsS -X PUT --data-binary '' "$(url)/_sim/faults"; echo
    else
      [ -f "$1" ] || kk_die "no such faults file: $1"
      curl -fsS -X PUT --data-binary @"$1" "$(url)/_sim/faults"; echo
    fi
    ;;
  instances)
    curl -fsS "$(url)/_sim/instances"; echo
    ;;
  *)
    kk_die "unknown ec2sim command '$cmd' (run, start, stop, status, faults, instances)"
    ;;
esac
