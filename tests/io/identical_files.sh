#!/usr/bin/env bash
# Writes the results-writer test file at 1, 2, 3 and 4 ranks and compares each with the 1-rank
# file using h5diff, with --relative=1e-10 (the project's rule) and without a tolerance (the
# writer only moves values, so the data must match bit for bit). A file with one record fewer
# must differ (the comparison is not vacuous).
#
#   identical_files.sh --mpiexec MPIEXEC --h5diff H5DIFF --h5dump H5DUMP --program TEST_OUTPUT --workdir DIR
set -euo pipefail
while [ $# -gt 0 ]; do
  case "$1" in
    --mpiexec) mpiexec=$2; shift 2 ;;
    --h5diff) h5diff=$2; shift 2 ;;
    --h5dump) shift 2 ;;
    --program) program=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    *) echo "identical_files.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_mpi_yield_when_idle=1
# The same "created" attribute in every file (the options attribute is the same: same arguments,
# each run in its own folder with the same file name).
export SOURCE_DATE_EPOCH=1700000000

rm -rf "$workdir"
mkdir -p "$workdir"
cd "$workdir"
write() { # folder ranks records
  mkdir "$1"
  if ! (cd "$1" && "$mpiexec" -n "$2" --oversubscribe "$program" -oc_output_file results.h5 \
          -oc_output_buffer_steps 5 -oc_test_records "$3" >run.log 2>&1); then
    cat "$1/run.log"
    echo "FAIL: writing at $2 ranks"
    exit 1
  fi
}
for np in 1 2 3 4; do write np$np $np 23; done
write short 2 22

for np in 2 3 4; do
  for mode in "--relative=1e-10" ""; do
    if ! "$h5diff" -r $mode np1/results.h5 np$np/results.h5 >diff.log 2>&1; then
      head -40 diff.log
      echo "FAIL: the files written at 1 and $np ranks differ (h5diff -r $mode)"
      exit 1
    fi
  done
  echo "1 vs $np ranks: identical (h5diff --relative=1e-10, and exact)"
done
status=0
"$h5diff" -q --relative=1e-10 np1/results.h5 short/results.h5 || status=$?
if [ "$status" != 1 ]; then
  echo "FAIL: h5diff did not see that a file with one record fewer differs (status $status)"
  exit 1
fi
echo "23 vs 22 records: h5diff reports a difference, as it must"
