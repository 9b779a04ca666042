#!/usr/bin/env bash
# Solves a MATPOWER case with ohmcity at N ranks and judges the written solution with the
# independent checker (check_pf_solution.py). Outputs go to the current directory (the test's
# build directory).
#
#   run_pf_check.sh --ranks N --ohmcity EXE --case CASE.m --output SOLVED.m --python PY --checker CHECK.py
#                   [--mpiexec MPIEXEC] [--tamper "bus|gen ROW COL DELTA" --tamperer TAMPER.py]
#                   [-- CHECKER_ARGS...]
#
# With --tamper the checker judges a corrupted copy of the solution instead and must reject it:
# the script then exits with the checker's status (the test is registered as EXPECT_FAIL).
set -u
ranks=1 exe="" case="" output="" python="" checker="" mpiexec=mpiexec tamper="" tamperer=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ranks) ranks=$2; shift 2 ;;
    --ohmcity) exe=$2; shift 2 ;;
    --case) case=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    --checker) checker=$2; shift 2 ;;
    --mpiexec) mpiexec=$2; shift 2 ;;
    --tamper) tamper=$2; shift 2 ;;
    --tamperer) tamperer=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "run_pf_check.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
for v in exe case output python checker; do
  [ -n "${!v}" ] || { echo "run_pf_check.sh: --$v is required" >&2; exit 2; }
done
case "$output" in /*) ;; *) output="$PWD/$output" ;; esac

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_mpi_yield_when_idle=1

log="${output%.m}.log"
rm -f "$output" "$log"
t0=$(date +%s.%N)
"$mpiexec" -n "$ranks" --oversubscribe "$exe" pf "$case" -oc_pf_output "$output" -options_left >"$log" 2>&1
status=$?
t1=$(date +%s.%N)
sed '/^#PETSc Option Table entries:/,/^#End of PETSc Option Table entries/d' "$log"
[ "$status" -eq 0 ] || { echo "FAIL: ohmcity exited with status $status"; exit 1; }
# PETSc's report (-options_left), and ohmcity's own warning, which names -options_left itself
# because PetscFinalize reads that option only after ohmcity has looked.
if grep -q 'There are.*options you set that were not used\|There is one unused database option' "$log" ||
   grep 'was set but never used' "$log" | grep -qv 'option -options_left was set'; then
  echo "FAIL: an option was set but never used"; exit 1
fi
[ -s "$output" ] || { echo "FAIL: ohmcity wrote no $output"; exit 1; }
judged="$output"
if [ -n "$tamper" ]; then
  judged="${output%.m}_tampered.m"
  # shellcheck disable=SC2086
  "$python" "$tamperer" "$output" "$judged" $tamper || { echo "FAIL: could not tamper with $output"; exit 3; }
fi
"$python" "$checker" "$case" "$judged" "$@"
status=$?
t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$ranks" \
  'BEGIN { printf "timing: solve %.2f s at %d rank(s), check %.2f s\n", b - a, n, c - b }'
exit $status
