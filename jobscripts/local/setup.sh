#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: installs the Debian packages ohmcity needs (when run as
# root; otherwise lists them), configures once and builds incrementally into build/.
# Sourced, not run: it sets OC_ROOT and OC_BUILD for the caller.
set -euo pipefail
OC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OC_BUILD=${OC_BUILD:-$OC_ROOT/build}

oc_packages=(cmake make gcc pkg-config openmpi-bin libopenmpi-dev libpetsc-real3.18-dev
  libhdf5-openmpi-dev hdf5-tools libhwloc-dev libyaml-dev libcsv-dev libzip-dev
  python3-h5py python3-numpy python3-matplotlib)

oc_missing_packages() {
  local p
  for p in "${oc_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

oc_install_packages() {
  local missing
  missing=$(oc_missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "ohmcity needs these Debian 12 packages; please install them (as root):" >&2
    echo "  apt-get install $missing" | tr '\n' ' ' >&2
    echo >&2
    exit 1
  fi
  echo "== Installing Debian packages: $(echo $missing)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
}

oc_build() {
  local werror=OFF
  [ "${CI:-}" = true ] && werror=ON
  if [ ! -f "$OC_BUILD/CMakeCache.txt" ]; then
    echo "== Configuring in $OC_BUILD"
    cmake -S "$OC_ROOT" -B "$OC_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOC_WERROR=$werror
  fi
  echo "== Building"
  cmake --build "$OC_BUILD" -j "$(nproc)"
}

# Open MPI refuses root unless told, and a laptop or CI machine has fewer cores than ranks.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1

oc_install_packages
oc_build
