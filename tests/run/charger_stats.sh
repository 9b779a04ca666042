#!/usr/bin/env bash
# Runs the e-bus test line recording every step, at 2 ranks, and checks the charger and e-bus
# statistics in /summary against a direct computation from the written series
# (check_chargers.py).
#   charger_stats.sh OHMCITY PYTHON
set -euo pipefail
ohmcity=$1 python=$2 here=$(cd "$(dirname "$0")" && pwd)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpiexec -n 2 --oversubscribe "$ohmcity" run "$here/ebus_every_step.yaml" -oc_quiet -oc_output_file "$work/results.h5" > /dev/null
# Points of the charger sites of tests/fleet/ebus/chargers.csv in file order: CZ 1, CA 2.
"$python" "$here/check_chargers.py" "$work/results.h5" 1 1,2
