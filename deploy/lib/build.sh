# Package installation and the build. Sourced by ./factflow.

# The packages among "$@" that are not installed.
missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

# Installs the Debian packages of deploy/debian-packages.txt that are missing (as root, or with
# sudo), then checks that every one of them is really there.
ensure_packages() {
  local wanted
  mapfile -t wanted < <(grep -v '^#' "$ROOT/deploy/debian-packages.txt" | tr -s ' \n' '\n' | sed '/^$/d')
  install_packages "${wanted[@]}"
}

# Installs the packages named in $FACTFLOW_EXTRA_PACKAGES (for optional commands such as fuzz).
ensure_extra_packages() {
  local wanted
  read -r -a wanted <<<"${FACTFLOW_EXTRA_PACKAGES:-}"
  install_packages "${wanted[@]}"
}

install_packages() {
  local missing
  command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 ||
    die "apt-get and dpkg not found: factflow's scripts install their packages on Debian 12 (bookworm); on another system install the packages of deploy/debian-packages.txt yourself"
  mapfile -t missing < <(missing_packages "$@")
  (( ${#missing[@]} == 0 )) && return 0
  if [ -r /etc/os-release ] && ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release; then
    warn "this is not Debian 12 (bookworm): the package names of deploy/debian-packages.txt may not resolve"
  fi
  say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  as_root apt-get update -q ||
    die "apt-get update failed (see above): check the network and /etc/apt/sources.list"
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    die "apt-get install failed (see above)"
  mapfile -t missing < <(missing_packages "${missing[@]}")
  (( ${#missing[@]} == 0 )) ||
    die "still missing after apt-get install: ${missing[*]}; install them by hand (apt-get install ${missing[*]})"
  info "packages installed"
}

# Configures (once) and builds everything with ninja and ccache (Release).
build_all() {
  say "Building (Release, ninja, ccache) in ${BUILD_DIR#"$ROOT"/}"
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
  # Paths relative to the checkout: a fresh clone elsewhere still hits the cache.
  export CCACHE_BASEDIR="$ROOT"
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      ${FACTFLOW_CMAKE_ARGS:-} >/dev/null ||
      die "cmake could not configure the build (see above)"
  fi
  cmake --build "$BUILD_DIR" -j "$(nproc)" || die "the build failed (see the compiler output above)"
}
