#!/bin/sh
# Install the Debian packages crossings needs to build, run and test.
# Idempotent: when every package is present it does nothing and says so.
# Uses sudo when not run as root.
set -eu

PACKAGES="build-essential cmake pkg-config clang-format
libgsl-dev libhdf5-dev hdf5-tools zlib1g-dev libyaml-dev libcmocka-dev
libopenmpi-dev openmpi-bin python3 python3-h5py python3-numpy python3-pandas
chromium python3-websocket fonts-dejavu-core
r-base-core r-cran-hdf5r r-bioc-rhdf5
clang-14 libclang-rt-14-dev libomp-14-dev"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    SUDO="sudo"
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
