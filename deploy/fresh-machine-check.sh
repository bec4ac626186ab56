#!/usr/bin/env bash
# Proves the README's two commands on a brand-new machine: builds a minimal Debian 12 root
# (debootstrap --variant=minbase bookworm, then only git), clones this repository into its /root
# (mode 0700, as on a real machine), and runs, as root inside it, `./factflow test` and then
# `./factflow run` twice (a demo must run as often as one likes), then `./factflow down`.
# Prints the time of each phase: packages, build, tests, run. Cleans up what it mounted and
# created, whatever happens.
#
#   deploy/fresh-machine-check.sh [--no-ccache] [--keep] [--work DIR]
#
#   --no-ccache  do not mount this machine's compiler cache (~/.cache/ccache) into the root;
#                by default it is mounted to save build time (packages are still installed from
#                nothing, only compiled objects are reused)
#   --keep       keep the root folder afterwards (for a look inside); mounts are still removed
#   --work DIR   where to build the root (default: /var/tmp/factflow-fresh-<time>)
#
# Needs root, debootstrap (installed if missing) and the network to Debian's mirror. Commits only:
# it clones HEAD, so uncommitted changes are not checked. Takes 20-40 minutes on 2 cores.
set -eEuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/deploy/lib/common.sh"

MIRROR="${FACTFLOW_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
use_ccache=yes keep=no work="/var/tmp/factflow-fresh-$(date +%Y%m%d-%H%M%S)"
while (( $# )); do
  case "$1" in
    --no-ccache) use_ccache=no ;;
    --keep) keep=yes ;;
    --work) work="$2"; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see deploy/fresh-machine-check.sh --help)" ;;
  esac
  shift
done
[ "$(id -u)" -eq 0 ] || die "run this check as root (it builds and enters a chroot)"

target="$work/root"
clone="$target/root/factflow"
log="$work/check.log"
mounts=()

# Every process whose root is the chroot: what ./factflow started, and PostgreSQL's own cluster
# that the postgresql package's install script may have started.
chroot_pids() {
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$target" ] && echo "${p#/proc/}"
  done
  return 0
}

cleanup() {
  local status=$? pids m
  trap - EXIT ERR
  pids=$(chroot_pids)
  [ -z "$pids" ] || { kill $pids 2>/dev/null || true; sleep 2; kill -9 $(chroot_pids) 2>/dev/null || true; }
  for (( m = ${#mounts[@]} - 1; m >= 0; m-- )); do
    umount -R "${mounts[m]}" 2>/dev/null || umount -l "${mounts[m]}" 2>/dev/null || true
  done
  if grep -q " $target" /proc/mounts; then
    echo "factflow: some mounts under $target could not be removed; not deleting it" >&2
  elif [ "$keep" = no ]; then
    rm -rf "$work"
  else
    info "kept $work"
  fi
  exit "$status"
}
trap cleanup EXIT

mount_into() {  # mount_into TARGET_SUBDIR mount-args...
  local where="$target$1"; shift
  mkdir -p "$where"
  mount "$@" "$where"
  mounts+=("$where")
}

in_root() { chroot "$target" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

declare -A seconds
phase_start=0
begin() { phase_start=$(date +%s); say "$1"; }
end() { seconds[$1]=$(( $(date +%s) - phase_start )); info "$1: ${seconds[$1]} s"; }

mkdir -p "$work"
if ! command -v debootstrap >/dev/null 2>&1; then
  say "Installing debootstrap on this machine"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
fi

begin "Minimal Debian 12 root (debootstrap --variant=minbase bookworm) in $target"
debootstrap --variant=minbase bookworm "$target" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }
end debootstrap

mount_into /proc -t proc proc
mount_into /sys -t sysfs sysfs
mount_into /dev --rbind /dev
mount --make-rslave "$target/dev"
cp /etc/resolv.conf "$target/etc/resolv.conf"

begin "Adding git (the only package a new user has besides minbase)"
in_root apt-get update -q >"$work/git.log" 2>&1
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q git ca-certificates >>"$work/git.log" 2>&1 ||
  { tail -n 20 "$work/git.log" >&2; die "could not install git in the root"; }
end git

begin "Cloning $(git -C "$ROOT" rev-parse --short HEAD) into /root/factflow"
git clone -q --no-hardlinks "$ROOT" "$clone"
chmod 0700 "$target/root"
info "/root is mode $(stat -c %a "$target/root"); no ../shared beside the clone: $( [ -e "$target/root/shared" ] && echo present || echo absent)"
if [ "$use_ccache" = yes ] && [ -d "${CCACHE_DIR:-$HOME/.cache/ccache}" ]; then
  mount_into /root/.cache/ccache --bind "${CCACHE_DIR:-$HOME/.cache/ccache}"
  info "compiler cache of this machine mounted at /root/.cache/ccache"
fi
end clone

# Runs one README command in the root with a timestamp on each line, so that its own phases
# (packages, build, stack, tests) can be timed from its "==>" headings.
timed_run() {
  local name="$1"; shift
  say "In the root: cd /root/factflow && $*"
  set +e
  in_root /bin/bash -c 'cd /root/factflow && "$@"' _ "$@" 2>&1 |
    while IFS= read -r line; do printf '%s %s\n' "$(date +%s)" "$line"; done >"$work/$name.log"
  local status=${PIPESTATUS[0]}
  set -e
  cut -d' ' -f2- "$work/$name.log" | tail -n "${TAIL_LINES:-15}" | sed 's/^/    | /'
  return "$status"
}

# Seconds between the first line matching $2 and the first line matching $3 in log $1.
span() {
  local from to
  from=$(grep -m1 -E "^[0-9]+ .*$2" "$1" | cut -d' ' -f1) || true
  to=$(grep -m1 -E "^[0-9]+ .*$3" "$1" | cut -d' ' -f1) || true
  [ -n "$from" ] && [ -n "$to" ] && echo $(( to - from )) || echo "-"
}

status=0
phase_start=$(date +%s)
timed_run test ./factflow test || status=$?
total_test=$(( $(date +%s) - phase_start ))
seconds[packages]=$(span "$work/test.log" "==> Installing" "==> Building")
seconds[build]=$(span "$work/test.log" "==> Building" "==> Starting a test stack")
seconds[tests]=$(span "$work/test.log" "==> Starting a test stack" "tests passed|tests failed|Total Test time")
(( status == 0 )) || die "./factflow test failed in the fresh root (exit $status; log: $work/test.log, kept with --keep)"

for n in 1 2; do
  phase_start=$(date +%s)
  TAIL_LINES=22 timed_run "run$n" ./factflow run || die "./factflow run #$n failed in the fresh root (log: $work/run$n.log)"
  seconds[run$n]=$(( $(date +%s) - phase_start ))
done
grep -q "Job terminé" "$work/run2.log" || die "the second ./factflow run did not finish its job"
grep -q "Dossier .*existant, conservé avec sa numérotation" "$work/run2.log" ||
  die "the second run's summary does not say that the tenant and its numbering were kept"
timed_run down ./factflow down >/dev/null || die "./factflow down failed"
[ -z "$(chroot_pids | grep -v "^$$\$")" ] || warn "processes still running in the root after ./factflow down: $(chroot_pids)"

say "Fresh-machine check passed ($(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores)"
printf '    %-34s %8s\n' "phase" "seconds"
printf '    %-34s %8s\n' "debootstrap (minbase) + git" "$(( seconds[debootstrap] + seconds[git] ))"
printf '    %-34s %8s\n' "packages (./factflow test)" "${seconds[packages]}"
printf '    %-34s %8s\n' "build (./factflow test)" "${seconds[build]}"
printf '    %-34s %8s\n' "stack + tests (./factflow test)" "${seconds[tests]}"
printf '    %-34s %8s\n' "./factflow test in all" "$total_test"
printf '    %-34s %8s\n' "./factflow run (first)" "${seconds[run1]}"
printf '    %-34s %8s\n' "./factflow run (second)" "${seconds[run2]}"
