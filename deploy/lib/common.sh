# Shared helpers of the ./factflow scripts. Sourced, never run.
BUILD_DIR="${FACTFLOW_BUILD_DIR:-$ROOT/build}"
BIN_DIR="$BUILD_DIR/bin"

say()  { printf '\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die()  { printf 'factflow: %s\n' "$*" >&2; exit 1; }

# The state folder of a stack: .factflow/run (the demo) or .factflow/test (the tests), so that
# tests never touch the stack a user left running.
state_dir() { echo "$ROOT/.factflow/$1"; }

# A free TCP port on the loopback interface.
# Debian's interpreter: the packages the scripts rely on (python3-openpyxl) are installed for it.
PYTHON3=/usr/bin/python3

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
