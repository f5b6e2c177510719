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
