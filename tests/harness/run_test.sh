#!/usr/bin/env bash
# Test driver used by oc_add_test (cmake/OcTesting.cmake). Runs one program at one rank count
# and judges it: exit status, PETSc leak reports (-malloc_dump), unused options (-options_left),
# an expected output compared with numeric tolerances, and an optional regular expression.
#
#   run_test.sh (--ranks N | --serial) --numdiff TOOL [--abs A] [--rel R] [--expected FILE]
#               [--expect-fail] [--match REGEX] [--match-text TEXT] [--needs PATH]... -- PROGRAM [ARGS...]
set -u
ranks=0 serial=0 numdiff="" abs=1e-12 rel=1e-9 expected="" expect_fail=0 match="" match_text="" needs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ranks) ranks=$2; shift 2 ;;
    --serial) serial=1; shift ;;
    --numdiff) numdiff=$2; shift 2 ;;
    --abs) abs=$2; shift 2 ;;
    --rel) rel=$2; shift 2 ;;
    --expected) expected=$2; shift 2 ;;
    --expect-fail) expect_fail=1; shift ;;
    --match) match=$2; shift 2 ;;
    --match-text) match_text=$2; shift 2 ;;
    --needs) needs+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "run_test.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "run_test.sh: no program given" >&2; exit 2; }

for p in "${needs[@]+"${needs[@]}"}"; do
  if [ ! -e "$p" ]; then
    echo "SKIP: needs $p (the shared data folder is absent on this machine)"
    exit 77
  fi
done

out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
if [ "$serial" = 1 ]; then
  "$@" >"$out" 2>"$err"
  status=$?
else
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
  # Keep Open MPI quiet and deterministic on small shared machines.
  export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_mpi_yield_when_idle=1
  # A rank that exits with an error makes mpiexec wait 1 s per process before SIGKILL; our
  # programs end every rank themselves, so expected-failure tests need not wait.
  export OMPI_MCA_odls_base_sigkill_timeout=0
  mpiexec -n "$ranks" --oversubscribe "$@" -malloc_debug -malloc_dump -options_left >"$out" 2>"$err"
  status=$?
fi

fail() {
  echo "---- stdout ----"; cat "$out"
  echo "---- stderr ----"; cat "$err"
  echo "FAIL: $*"
  exit 1
}

if [ "$expect_fail" = 1 ]; then
  [ "$status" -ne 0 ] || fail "the program succeeded but was expected to fail"
else
  [ "$status" -eq 0 ] || fail "the program exited with status $status"
fi
if [ "$serial" = 0 ]; then
  # -malloc_dump lists each block still allocated at PetscFinalize as "[r]N bytes ...".
  if grep -E -q '^\[ *[0-9]+\] *[0-9]+ bytes ' "$out" "$err"; then
    fail "memory leak reported by -malloc_dump"
  fi
  if grep -q 'There are.*options you set that were not used\|There is one unused database option' "$out" "$err"; then
    fail "an option was set but never used (misspelled?)"
  fi
fi
if [ -n "$match" ]; then
  cat "$out" "$err" | grep -E -q -- "$match" || fail "output does not match /$match/"
fi
if [ -n "$match_text" ]; then
  # Every line of the text must appear (grep -F with a multi-line pattern would accept any one).
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    cat "$out" "$err" | grep -F -q -- "$line" || fail "output does not contain: $line"
  done <<< "$match_text"
fi
if [ -n "$expected" ]; then
  # -options_left prints PETSc's option table into stdout: it is not the program's output.
  sed -i '/^#PETSc Option Table entries:/,/^#End of PETSc Option Table entries/d; /^There are no unused options\.$/d' "$out"
  "$numdiff" --abs "$abs" --rel "$rel" "$expected" "$out" || fail "output differs from $expected"
fi
cat "$out"
echo "PASS"
exit 0
