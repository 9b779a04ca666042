#!/usr/bin/env bash
# Builds ohmcity (installing what is missing) and runs the main job on the embedded default
# city with 2 MPI ranks.
#   jobscripts/local/run.sh [scenario.yaml] [ohmcity options]
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
scenario=${1:-$OC_ROOT/inputs/default/city.yaml}
shift $(( $# > 0 ? 1 : 0 ))
ranks=${OC_RANKS:-2}
echo "== Running the default city on $ranks MPI ranks"
# The time loop (issue #5) is not there yet: the main job today reads, validates and
# distributes the scenario on every rank and prints its summary.
mpiexec -n "$ranks" "$OC_BUILD/src/app/ohmcity" check "$scenario" -oc_view_placement "$@"
