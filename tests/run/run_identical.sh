#!/usr/bin/env bash
# ohmcity run on one scenario at 1, 2 and 4 ranks: the results files must be identical
# (h5diff, absolute 1e-6 in each quantity's unit: values that are zero to rounding, such as a
# blocked rectifier's reactive power, have no meaningful relative difference), the printed
# summaries identical, and the energy balance in the summary must close:
#   energy drawn from the AC grid = vehicles + DC lines + substation losses, and the vehicles'
#   own accounts (line energy drawn - fed back, per DC system) add up to that vehicles term,
#   both to the rounding of the printed figures (0.5 Wh each).
#   run_identical.sh OHMCITY H5DIFF SCENARIO [DELTA, default 1e-6]
# A larger DELTA for a city whose magnitudes (energies of 1e7 J and more) carry rounding
# differences between rank counts above 1e-6 in their unit.
set -euo pipefail
ohmcity=$1 h5diff=$2 scenario=$3 delta=${4:-1e-6}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_mpi_yield_when_idle=1 SOURCE_DATE_EPOCH=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for np in 1 2 4; do
  mkdir -p "$work/np$np"
  (cd "$work/np$np" && mpiexec -n $np --oversubscribe "$ohmcity" run "$scenario" -oc_quiet -oc_output_file results.h5 > summary.txt)
done
cat "$work/np1/summary.txt"
for np in 2 4; do
  cmp "$work/np1/summary.txt" "$work/np$np/summary.txt" || { echo "FAIL: the summary at $np ranks differs"; exit 1; }
  "$h5diff" --delta="$delta" "$work/np1/results.h5" "$work/np$np/results.h5" || { echo "FAIL: the results at $np ranks differ"; exit 1; }
done
awk '/energy drawn by the substations/ {
       drawn = $10; rest = $14 + $19 + $24
       if (drawn - rest > 2e-3 || rest - drawn > 2e-3) { printf "FAIL: %s kWh drawn, %s kWh accounted\n", drawn, rest; exit 1 }
       print "energy balance closes to the printed rounding" }' "$work/np1/summary.txt"
# The vehicles' own accounts (per DC system: drawn - fed back) add up to the power flow's.
awk '/vehicles drew/ { for (k = 1; k < NF; k++) { if ($k == "drew") { net += $(k + 1); n++ } if ($k == "back") { net -= $(k + 1); n++ } } }
     /energy drawn by the substations/ { flow = $14 }
     END { tol = (n + 1) * 0.5e-3
           if (net - flow > tol || flow - net > tol) { printf "FAIL: vehicles %s kWh, power flow %s kWh\n", net, flow; exit 1 }
           print "vehicle accounts close to the printed rounding" }' "$work/np1/summary.txt"
echo "results identical at 1, 2 and 4 ranks"
