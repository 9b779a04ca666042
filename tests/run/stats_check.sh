#!/usr/bin/env bash
# Runs the test city recording every step, at 2 ranks, and checks the statistics in /summary
# against a direct computation from the written series (check_stats.py).
#   stats_check.sh OHMCITY PYTHON
set -euo pipefail
ohmcity=$1 python=$2 here=$(cd "$(dirname "$0")" && pwd)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpiexec -n 2 --oversubscribe "$ohmcity" run "$here/city20_every_step.yaml" -oc_quiet -oc_output_file "$work/results.h5" > /dev/null
# DC nodes of tests/scenario/good in file order: S1 N1 N2 S2 (750 V), M-A M-B (1500 V), with the
# tram's limits raised (dc_systems_strict.csv) so that time below them is seen; substations
# (substations_duty.csv): rated power / nominal voltage, duty classes VI (the default), II, IV;
# sections T-1 T-2 T-3 M-1 (dc_sections.csv: T-3 not rated); routes T1-out T1-back (T750), M1
# (M1500), BUS7 (road); systems T750, M1500.
"$python" "$here/check_stats.py" "$work/results.h5" 0.5 700,700,700,700,1000,1000 680,680,680,680,1000,1000 \
  160,300,666.6666666666666 6,2,4 1200,1200,0,4000 0,0,1,-1 700,1000 680,1000
