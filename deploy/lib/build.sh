# Package installation and the build. Sourced by ./factflow.

# Installs the Debian packages of deploy/debian-packages.txt that are missing (needs root or sudo).
ensure_packages() {
  local wanted missing=()
  wanted=$(grep -v '^#' "$ROOT/deploy/debian-packages.txt" | tr -s ' \n' '\n' | sed '/^$/d')
  for pkg in $wanted; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  (( ${#missing[@]} == 0 )) && return 0
  say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures (once) and builds everything with ninja and ccache (Release).
build_all() {
  say "Building (Release, ninja, ccache) in $BUILD_DIR"
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
  # Paths relative to the checkout: a fresh clone elsewhere still hits the cache.
  export CCACHE_BASEDIR="$ROOT"
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}
