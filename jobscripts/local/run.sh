#!/usr/bin/env bash
# Builds ohmcity (installing what is missing) and runs the main job on the embedded default
# city with 2 MPI ranks; the results go to results/default_city.h5 (docs/output.md).
#   jobscripts/local/run.sh [scenario.yaml] [ohmcity options]     (OC_RANKS=4 for 4 ranks)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
scenario=${1:-$OC_ROOT/inputs/default/city.yaml}
shift $(( $# > 0 ? 1 : 0 ))
ranks=${OC_RANKS:-2}
mkdir -p "$OC_ROOT/results"
results="$OC_ROOT/results/$(basename "${scenario%.yaml}").h5"
[ "$scenario" = "$OC_ROOT/inputs/default/city.yaml" ] && results="$OC_ROOT/results/default_city.h5"
echo "== Running $scenario on $ranks MPI ranks"
mpiexec -n "$ranks" "$OC_BUILD/src/app/ohmcity" run "$scenario" -oc_output_file "$results" -oc_view_placement "$@"
echo "== Results: $results"
