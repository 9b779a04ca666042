#!/usr/bin/env bash
# Builds ohmcity (installing what is missing) and runs every test.
#   jobscripts/local/test.sh [ctest arguments, e.g. -L unit or -R scenario]
# Tests that need ../shared skip with a message when it is absent.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$OC_BUILD"
echo "== Testing"
ctest --output-on-failure -j "$(nproc)" "$@"
