# summary: run Kafkarpenter locally: Kafka, the Kubernetes stand-in and the five services as separate processes
# Usage: bin/kk demo [--keep] [--rebuild]
#   --keep     leave everything running at the end (stop later with: bin/kk demo stop)
#   --rebuild  rebuild the modules even if they are already built
#   bin/kk demo stop   stops what a --keep run left running
# Ctrl-C stops every process the demo started.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"

SERVICES=(pod-watcher provisioner launcher consolidator tag-reconciler)
FIRST_HTTP_PORT="${KK_HTTP_PORT:-18080}"
KAFKA_PORT="${KK_KAFKA_PORT:-19092}"
KUBE_PORT="${KK_KUBE_PORT:-18443}"
state="$KK_STATE/demo"
keep=false
rebuild=false

stop_all() {
  for s in "${SERVICES[@]}"; do kk_stop "$state/$s.pid" "$s" >/dev/null; done
  bash "$KK_HOME/bin/lib/kk-kube.sh" stop >/dev/null || true
  bash "$KK_HOME/bin/lib/kk-kafka.sh" stop >/dev/null || true
}

case "${1:-}" in
  stop) stop_all; echo "demo stopped"; exit 0 ;;
esac
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=true; shift ;;
    --rebuild) rebuild=true; shift ;;
    *) kk_die "demo: unknown option $1 (options: --keep, --rebuild; or: bin/kk demo stop)" ;;
  esac
done

cleanup() {
  local rc=$?
  if [ "$keep" = true ] && [ "$rc" -eq 0 ]; then
    echo "everything keeps running; stop it with: bin/kk demo stop"
  else
    echo "stopping everything the demo started ..."
    stop_all
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Build (once): the services' Quarkus apps and the sandbox processes.
built=true
for s in "${SERVICES[@]}"; do [ -f "$KK_HOME/$s/target/quarkus-app/quarkus-run.jar" ] || built=false; done
if [ "$rebuild" = true ] || [ "$built" = false ]; then
  echo "building (first run takes a few minutes) ..."
  (cd "$KK_HOME" && ./mvnw -B -q package -DskipTests)
fi
mkdir -p "$state"

# 2. The broker and the Kubernetes API stand-in.
bash "$KK_HOME/bin/lib/kk-kafka.sh" start --port "$KAFKA_PORT"
bash "$KK_HOME/bin/lib/kk-kube.sh" start --port "$KUBE_PORT"

# 3. The five services, each its own JVM.
port=$FIRST_HTTP_PORT
for s in "${SERVICES[@]}"; do
  nohup java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dquarkus.http.port="$port" \
    -Dkafka.bootstrap.servers="localhost:$KAFKA_PORT" \
    -Dquarkus.kubernetes-client.api-server-url="http://127.0.0.1:$KUBE_PORT" \
    -jar "$KK_HOME/$s/target/quarkus-app/quarkus-run.jar" > "$state/$s.log" 2>&1 &
  echo $! > "$state/$s.pid"
  echo "$port" > "$state/$s.port"
  port=$((port + 1))
done

# 4. Wait until each reports ready (/q/health/ready includes its Kafka connection).
echo "waiting for the services to report ready ..."
all_ready=true
printf '%-16s %-8s %-30s %-8s %s\n' SERVICE PID READY RSS LOG
for s in "${SERVICES[@]}"; do
  p=$(cat "$state/$s.port"); ready=no
  for _ in $(seq 1 150); do
    if curl -fsS "http://localhost:$p/q/health/ready" >/dev/null 2>&1; then ready=yes; break; fi
    kk_running "$state/$s.pid" || break
    sleep 0.4
  done
  [ "$ready" = yes ] || all_ready=false
  rss=$(awk '/VmRSS/ {printf "%d MiB", $2/1024}' "/proc/$(cat "$state/$s.pid")/status" 2>/dev/null || echo "-")
  printf '%-16s %-8s %-30s %-8s %s\n' "$s" "$(cat "$state/$s.pid")" "$ready (http://localhost:$p)" "$rss" "$state/$s.log"
done

echo
echo "where to look:"
echo "  health / metrics:  http://localhost:<port>/q/health/ready   http://localhost:<port>/q/metrics"
echo "  Kafka:             localhost:$KAFKA_PORT  (topics kk.pods.pending, kk.nodeclaims.launch, kk.nodeclaims.status, kk.decisions, kk.dlq.<service>)"
echo "  Kubernetes API:    http://127.0.0.1:$KUBE_PORT"
if [ "$all_ready" = true ]; then
  echo "demo: all five services are up and ready"
  exit 0
fi
echo "demo: some services did not become ready; see their logs above" >&2
exit 1
