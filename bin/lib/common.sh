# Shared helpers for bin/kk subcommands (sourced, not run).
# KK_HOME is the repository root; KK_STATE is where local runs keep data, logs and pid files.
KK_STATE="${KK_STATE:-$KK_HOME/.kk}"

kk_die() { echo "kk: $*" >&2; exit 2; }

# Build the given modules (and what they need) if their marker file is missing.
#   kk_build_if_missing MARKER_FILE MODULE[,MODULE...]
kk_build_if_missing() {
  local marker="$1" modules="$2"
  if [ ! -e "$marker" ]; then
    echo "kk: building $modules (first run) ..." >&2
    (cd "$KK_HOME" && ./mvnw -B -q -pl "$modules" -am package -DskipTests) >&2
  fi
}

# True when the pid in FILE is a live process.
kk_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Wait until LOG contains TEXT, at most SECONDS; fail early if the process in PIDFILE died.
#   kk_wait_for_line LOG TEXT SECONDS PIDFILE
kk_wait_for_line() {
  local log="$1" text="$2" seconds="$3" pidfile="$4" waited=0
  while ! grep -q "$text" "$log" 2>/dev/null; do
    kk_running "$pidfile" || return 1
    sleep 0.2; waited=$((waited + 1))
    [ "$waited" -ge $((seconds * 5)) ] && return 1
  done
  return 0
}

# Stop the process in PIDFILE with SIGTERM, wait up to 20 s, then SIGKILL.
#   kk_stop PIDFILE NAME
kk_stop() {
  local pidfile="$1" name="$2" pid
  if ! kk_running "$pidfile"; then echo "$name not running"; rm -f "$pidfile"; return 0; fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "$name stopped"
}
