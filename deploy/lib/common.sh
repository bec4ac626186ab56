# Shared helpers of the ./factflow scripts. Sourced, never run.
BUILD_DIR="${FACTFLOW_BUILD_DIR:-$ROOT/build}"
BIN_DIR="$BUILD_DIR/bin"

say()  { printf '\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf 'factflow: warning: %s\n' "$*" >&2; }
die()  { printf 'factflow: %s\n' "$*" >&2; exit 1; }

# No silent exit: with `set -eE`, a command that fails outside a condition says what failed and
# where before the script stops (the `die` messages above say what to do for the known failures).
on_error() {
  local status="$1" line="$2" command="$3" source="${4:-factflow}"
  printf 'factflow: command failed (exit %s) at %s:%s: %s\n' "$status" \
    "${source#"$ROOT"/}" "$line" "$command" >&2
}
trap 'on_error $? $LINENO "$BASH_COMMAND" "${BASH_SOURCE[0]:-}"' ERR

# Runs a command as root: directly when we are root, else through sudo (which may ask for the
# password). Dies with what to do when neither is possible.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; return; fi
  command -v sudo >/dev/null 2>&1 ||
    die "this step needs root: run ./factflow as root, or install sudo and give $(id -un) sudo rights ($*)"
  sudo "$@"
}

# The state folder of a stack: .factflow/run (the demo) or .factflow/test (the tests), so that
# tests never touch the stack a user left running.
state_dir() { echo "$ROOT/.factflow/$1"; }

# Debian's interpreter: the packages the scripts rely on (python3-openpyxl) are installed for it.
PYTHON3=/usr/bin/python3

# A free TCP port on the loopback interface.
free_port() {
  "$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until "$@" succeeds, up to $WAIT_SECONDS (default 60), printing $WAIT_WHAT on failure.
wait_until() {
  local deadline=$(( $(date +%s) + ${WAIT_SECONDS:-60} ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then
      echo "factflow: timed out waiting for ${WAIT_WHAT:-$*}" >&2
      return 1
    fi
    sleep 0.2
  done
}
