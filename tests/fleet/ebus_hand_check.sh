#!/usr/bin/env bash
# The e-bus test line's event log (test_ebus, at the given rank count) against the hand
# calculation of check_ebus.py.   ebus_hand_check.sh TEST_EBUS PYTHON SCENARIO_DIR NP [SCENARIO_FILE]
set -euo pipefail
test_ebus=$1 python=$2 dir=$3 np=$4 file=${5:-scenario.yaml}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
mpiexec -n "$np" --oversubscribe "$test_ebus" -scenario "$dir/$file" > "$log"
"$python" "$(dirname "$0")/check_ebus.py" "$dir" "$log" "$file"
