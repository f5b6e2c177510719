#!/usr/bin/env bash
# summary: a local single-node Kafka broker (KRaft, Maven Central jars): start | stop | status | logs
#
#   bin/kk kafka start  [--port N] [--controller-port N] [--data-dir DIR] [--sasl-scram [--admin-user U] [--admin-password P]]
#   bin/kk kafka stop   [--data-dir DIR]
#   bin/kk kafka status [--data-dir DIR]
#   bin/kk kafka logs   [--data-dir DIR] [-f]
#
# Defaults: port 19092 (controller: port+1), data in .kk/kafka. The broker runs as its own background process
# (io.kafkarpenter.sandbox.kafka.KafkaBrokerMain from deploy/local-kafka); its pid, console output and log live
# in the data folder. JVM options: KK_KAFKA_JAVA_OPTS (default: a small heap).
# --sasl-scram: SASL/SCRAM-SHA-512 and ACLs (StandardAuthorizer); the admin (default kafkarpenter-admin /
# kafkarpenter-admin-secret) is the only super user, its credential is written when the data folder is first formatted
# (only then: use a fresh --data-dir for --sasl-scram).
set -euo pipefail
# shellcheck source=common.sh
source "$KK_HOME/bin/lib/common.sh"

usage() {
  sed -n 's/^#   //p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

cmd="${1:-}"
[ -n "$cmd" ] || usage
shift
port=19092
controller_port=""
data_dir="$KK_STATE/kafka"
follow=""
sasl_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || kk_die "--port needs a value"; port="$2"; shift 2 ;;
    --controller-port) [ $# -ge 2 ] || kk_die "--controller-port needs a value"; controller_port="$2"; shift 2 ;;
    --data-dir) [ $# -ge 2 ] || kk_die "--data-dir needs a value"; data_dir="$2"; shift 2 ;;
    --sasl-scram) sasl_args+=(--sasl-scram); shift ;;
    --admin-user|--admin-password) [ $# -ge 2 ] || kk_die "$1 needs a value"; sasl_args+=("$1" "$2"); shift 2 ;;
    -f|--follow) follow="-f"; shift ;;
    -h|--help) usage ;;
    *) kk_die "kafka: unknown argument '$1'" ;;
  esac
done
case "$port" in ''|*[!0-9]*) kk_die "--port must be a number, got '$port'" ;; esac
[ -n "$controller_port" ] || controller_port=$((port + 1))
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"
pid_file="$data_dir/broker.pid"
out_file="$data_dir/broker.out"
log_file="$data_dir/broker.log"
module="$KK_HOME/deploy/local-kafka"

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

ready_line() { grep -m1 '^kafka broker ready: ' "$out_file" 2>/dev/null || true; }

bootstrap_of() { ready_line | sed -n 's/.*bootstrap=\([^ ]*\).*/\1/p'; }

start() {
  local pid
  if pid="$(running_pid)"; then
    echo "kafka: already running (pid $pid), bootstrap $(bootstrap_of), data $data_dir"
    return 0
  fi
  local jar
  jar="$(ls "$module"/target/local-kafka-*.jar 2>/dev/null | head -1 || true)"
  kk_build_if_missing "${jar:-$module/target/local-kafka.jar}" deploy/local-kafka
  jar="$(ls "$module"/target/local-kafka-*.jar 2>/dev/null | head -1 || true)"
  [ -n "$jar" ] && [ -d "$module/target/lib" ] || kk_die "kafka: build of deploy/local-kafka did not produce $module/target/lib"
  : > "$out_file"
  # shellcheck disable=SC2086 # word splitting of the JVM options is intended
  nohup java ${KK_KAFKA_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
    -cp "$module/target/lib/*:$jar" io.kafkarpenter.sandbox.kafka.KafkaBrokerMain \
    --port "$port" --controller-port "$controller_port" --data-dir "$data_dir" --log-file "$log_file" \
    ${sasl_args[@]+"${sasl_args[@]}"} >"$out_file" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$pid_file"
  local waited=0
  while [ -z "$(ready_line)" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      echo "kafka: the broker exited before it was ready:" >&2
      tail -n 20 "$out_file" >&2
      [ -f "$log_file" ] && { echo "--- last lines of $log_file:" >&2; tail -n 20 "$log_file" >&2; }
      exit 1
    fi
    if [ "$waited" -ge 600 ]; then
      echo "kafka: not ready after 60 s (pid $pid still running); see $log_file" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "kafka: running (pid $pid)"
  echo "  bootstrap: $(bootstrap_of)"
  echo "  data:      $data_dir"
  echo "  log:       $log_file"
  echo "  stop with: bin/kk kafka stop$( [ "$data_dir" = "$KK_STATE/kafka" ] || printf ' --data-dir %s' "$data_dir")"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "kafka: not running (data $data_dir)"
    rm -f "$pid_file"
    return 0
  fi
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 300 ]; then
      echo "kafka: pid $pid did not stop within 30 s of SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$pid_file"
  echo "kafka: stopped (pid $pid); data kept in $data_dir"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "kafka: running (pid $pid), bootstrap $(bootstrap_of), data $data_dir"
  else
    echo "kafka: not running (data $data_dir)"
    exit 3
  fi
}

logs() {
  [ -f "$log_file" ] || kk_die "kafka: no log yet at $log_file"
  if [ -n "$follow" ]; then exec tail -n 50 -f "$log_file"; else tail -n 200 "$log_file"; fi
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  logs) logs ;;
  *) usage ;;
esac
