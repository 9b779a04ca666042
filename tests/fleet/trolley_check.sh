#!/usr/bin/env bash
# The battery trolleybus test line run by `ohmcity run` on 1, 2 and 4 ranks; check_trolley.py
# recomputes every step of every trip by hand from the results and finds the three files equal.
#   trolley_check.sh OHMCITY PYTHON SCENARIO_DIR [SCENARIO_FILE, default scenario.yaml]
set -euo pipefail
ohmcity=$1 python=$2 dir=$3 file=${4:-scenario.yaml}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for np in 1 2 4; do
  mpiexec -n "$np" --oversubscribe "$ohmcity" run "$dir/$file" -oc_quiet -oc_output_file "$work/np$np.h5" > "$work/np$np.txt"
done
"$python" "$dir/check_trolley.py" "$dir" "$work/np1.h5" "$work/np2.h5" "$work/np4.h5"
