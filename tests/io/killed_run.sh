#!/usr/bin/env bash
# A run killed with SIGKILL leaves a readable file: rank 0 of a 2-rank run kills itself after 3
# flushed blocks of 4 records. The results must still be under FILE.part (never under the final
# name), h5dump must read it, and it must hold exactly the 12 flushed records, every value exact
# (test_output -oc_test_verify).
#
#   killed_run.sh --mpiexec MPIEXEC --h5diff H5DIFF --h5dump H5DUMP --program TEST_OUTPUT --workdir DIR
set -euo pipefail
while [ $# -gt 0 ]; do
  case "$1" in
    --mpiexec) mpiexec=$2; shift 2 ;;
    --h5diff) shift 2 ;;
    --h5dump) h5dump=$2; shift 2 ;;
    --program) program=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    *) echo "killed_run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_mpi_yield_when_idle=1 OMPI_MCA_odls_base_sigkill_timeout=0
fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$workdir"
mkdir -p "$workdir"
cd "$workdir"
if "$mpiexec" -n 2 --oversubscribe "$program" -oc_output_file killed.h5 -oc_output_buffer_steps 4 \
     -oc_test_records 40 -oc_test_kill_after_flushes 3 >run.log 2>&1; then
  cat run.log
  fail "the run finished; it should have been killed"
fi
grep -q "signal 9" run.log || { cat run.log; fail "the run failed, but not by SIGKILL"; }
[ ! -e killed.h5 ] || fail "a killed run left a file under the final name"
[ -e killed.h5.part ] || fail "the killed run left no killed.h5.part"
echo "killed by SIGKILL: killed.h5.part present, killed.h5 absent"

"$h5dump" -H killed.h5.part >header.txt 2>&1 || { cat header.txt; fail "h5dump -H cannot read killed.h5.part"; }
echo "h5dump reads the file; /time and the shape of a series as it shows them:"
"$h5dump" -A 0 -d /time killed.h5.part | grep -E 'DATASPACE|\(0\):'
"$h5dump" -A 0 -H -d /substations/p_w killed.h5.part | grep DATASPACE

if ! "$mpiexec" -n 1 "$program" -oc_test_verify killed.h5.part >verify.log 2>&1; then
  cat verify.log
  fail "the records in killed.h5.part are not the flushed ones"
fi
cat verify.log
