#!/usr/bin/env bash
# AC power-flow benchmark: ohmcity (tests/bench/bench_pf.c) against PETSc's DMNetwork power
# example (src/snes/tutorials/network/power of the installed PETSc 3.18), on the same MATPOWER
# cases, with the same convergence test and, where possible, the same linear solver. Each
# program times its set-up, one cold solve and a warm-started series of STEPS solves with the
# loads scaled by 1 + AMPLITUDE sin(2 pi k / 100); both check their answers. Figures go to
# docs/benchmarks.md by hand, from the table this prints.
#
#   jobscripts/bench/pf_benchmark.sh [CASE[:AMPLITUDE] ...]
#
# Default: case9241pegase:0.02 case13659pegase:0.001. AMPLITUDE is that of the load scale's
# variation (0.02 unless given). case13659pegase has no solution beyond about +0.15 % of its
# loads (ohmcity pf -oc_flow_load_scale 1.002 fails, and so does the PETSc example's Newton at
# step 2 of the 0.02 series), so its series varies the loads by +-0.1 %.
#
# Environment: STEPS (1000), REPEATS (3: each figure is the best of that many runs, because a
# shared machine adds noise only upwards), RANKS ("1 2"), TOL (1e-9 pu, infinity norm of the
# residual), DATA (../shared/data/matpower), PROFILE=1 (also keep -log_view of one run of each
# program), BENCH_DIR (where the example is built and the logs go: build/bench).
#
# Runs compared, at each rank count:
#   ohmcity      bench_pf with its defaults: Newton, KSPPREONLY + LU (AMD ordering on 1 rank,
#                MUMPS on more), converged when max |F| <= TOL pu.
#   ex-lu        the example's driver (jobscripts/bench/power_series.c: the example with a
#                timed warm-started series added) with ohmcity's convergence test
#                (-bench_inf_tol TOL) and the same linear solver: -ksp_type preonly -pc_type lu,
#                AMD ordering on 1 rank, MUMPS on more.
#   ex-default   the same driver with the example's own solver (its poweroptions file: GMRES,
#                block Jacobi, LU with QMD ordering per block) and ohmcity's convergence test.
#   ex-stock     the unmodified example program, one solve, its own solver, with
#                -snes_atol TOL -snes_rtol 0 -snes_stol 0 (2-norm of the residual <= TOL, which
#                implies max |F| <= TOL); time of SNESSolve from -log_view.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../local/setup.sh
source "$here/../local/setup.sh" # OC_ROOT, OC_BUILD; builds bench_pf and ohmcity

STEPS=${STEPS:-1000}
REPEATS=${REPEATS:-3}
RANKS=${RANKS:-"1 2"}
TOL=${TOL:-1e-9}
PROFILE=${PROFILE:-0}
DATA=${DATA:-$OC_ROOT/../shared/data/matpower}
BENCH_DIR=${BENCH_DIR:-$OC_BUILD/bench}
PETSC_DIR=${PETSC_DIR:-/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real}
PETSC_EXAMPLE=${PETSC_EXAMPLE:-/usr/share/petsc/3.18/share/petsc/examples/src/snes/tutorials/network/power}
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(case9241pegase:0.02 case13659pegase:0.001)

bench_pf=$OC_BUILD/tests/bench/bench_pf
ohmcity=$OC_BUILD/src/app/ohmcity
exdir=$BENCH_DIR/petsc-power
logs=$BENCH_DIR/logs
mkdir -p "$exdir" "$logs"

# The example, built with its own makefile and the installed PETSc's flags; the driver links the
# example's unchanged PFReadData.c and pffunctions.c.
if [ ! -f "$PETSC_EXAMPLE/power.c" ]; then
  echo "pf_benchmark: the PETSc power example is missing ($PETSC_EXAMPLE); install libpetsc3.18-dev-examples" >&2
  exit 1
fi
echo "== Building the PETSc power example in $exdir"
cp "$PETSC_EXAMPLE"/{makefile,poweroptions,power.c,power.h,PFReadData.c,pffunctions.c} "$exdir/"
cp "$here/power_series.c" "$exdir/"
# shellcheck disable=SC2016 # a make variable
printf 'power_series: power_series.o ${OBJECTS_PF}\n' >"$exdir/bench.mk"
make -s -C "$exdir" -f makefile -f bench.mk PETSC_DIR="$PETSC_DIR" power power_series >/dev/null

# run NP LOGFILE PROGRAM ARGS...: in the example's folder (it reads ./poweroptions). Returns 1,
# with the log's tail, when the program fails or does not verify its answer.
run() {
  local np=$1 log=$2
  shift 2
  if ! (cd "$exdir" && mpiexec -n "$np" --oversubscribe "$@") >"$log" 2>&1; then
    echo "pf_benchmark: FAILED: $* (log: $log)" >&2
    grep -m1 "ERROR: [a-z]" "$log" >&2 || tail -3 "$log" >&2
    return 1
  fi
  if [[ $log != *ex-stock* ]] && ! grep -q "verification: PASSED" "$log"; then
    echo "pf_benchmark: $* did not verify (log: $log)" >&2
    return 1
  fi
}

# The best (smallest) value of KEY over the logs given; "-" when absent.
best() {
  local key=$1
  shift
  awk -v k="$key" '$1 == k { if (!n++ || $2 < m) m = $2 } END { if (n) print m; else print "-" }' "$@"
}

ms() { # seconds to milliseconds, "-" kept
  if [ "$1" = - ]; then echo -; else awk -v s="$1" 'BEGIN { printf "%.3f", s * 1e3 }'; fi
}

echo "== Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; ohmcity $(git -C "$OC_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
echo "== STEPS=$STEPS REPEATS=$REPEATS RANKS='$RANKS' TOL=$TOL logs in $logs"
table=$logs/table.txt
fmt='%-16s %6s %-10s %2s %8s %8s %8s %8s %4s %8s %8s %6s %6s %7s %4s\n'
# shellcheck disable=SC2059
printf "$fmt" case amp run np read_s setup_s cold_s cold_cpu its step_ms step_cpu its/st max_it rss_MiB fail >"$table"
ohmcity_failed=0
for spec in "${cases[@]}"; do
  c=${spec%%:*}
  amp=0.02
  [[ $spec == *:* ]] && amp=${spec#*:}
  m=$DATA/$c.m
  if [ ! -f "$m" ]; then
    echo "pf_benchmark: skipping $c: $m is absent (the shared data folder is not here)"
    continue
  fi
  echo "== $c: ohmcity pf (series: load scale 1 + $amp sin(2 pi k / 100))"
  mpiexec -n 1 "$ohmcity" pf "$m"
  for np in $RANKS; do
    # the LU solver ohmcity uses at this rank count
    if [ "$np" -eq 1 ]; then lu=(-ksp_type preonly -pc_type lu -pc_factor_mat_ordering_type amd)
    else lu=(-ksp_type preonly -pc_type lu -pc_factor_mat_solver_type mumps); fi
    for label in ohmcity ex-lu ex-default ex-stock; do
      files=(/dev/null) fails=0
      for r in $(seq "$REPEATS"); do
        log=$logs/${c}_${label}_np${np}_r$r.txt
        ok=true
        case $label in
          ohmcity) run "$np" "$log" "$bench_pf" -case "$m" -steps "$STEPS" -bench_amplitude "$amp" -oc_flow_tol "$TOL" || ok=false ;;
          ex-lu) run "$np" "$log" ./power_series -pfdata "$m" -steps "$STEPS" -bench_amplitude "$amp" -bench_inf_tol "$TOL" "${lu[@]}" -snes_converged_reason ::failed || ok=false ;;
          ex-default) run "$np" "$log" ./power_series -pfdata "$m" -steps "$STEPS" -bench_amplitude "$amp" -bench_inf_tol "$TOL" -snes_converged_reason ::failed || ok=false ;;
          ex-stock)
            if run "$np" "$log" ./power -pfdata "$m" -snes_atol "$TOL" -snes_rtol 0 -snes_stol 0 -log_view && grep -q "solve converged" "$log"; then
              # the figures the other runs print, from the example's own output
              figures=$(awk '/^SNESSolve /{printf "cold_s %.6f\n", $4} /converged due to/{print "cold_its", $NF}' "$log")
              echo "$figures" >>"$log"
            else
              ok=false
            fi ;;
        esac
        # a failed run counts, and gives no figures
        if $ok; then files+=("$log"); else fails=$((fails + 1)); fi
      done
      [ "$label" = ohmcity ] && ohmcity_failed=$((ohmcity_failed + fails))
      # shellcheck disable=SC2059
      printf "$fmt" "$c" "$amp" "$label" "$np" \
        "$(best read_s "${files[@]}")" "$(best setup_s "${files[@]}")" "$(best cold_s "${files[@]}")" \
        "$(best cold_cpu_s "${files[@]}")" "$(best cold_its "${files[@]}")" \
        "$(ms "$(best step_mean_s "${files[@]}")")" "$(ms "$(best step_mean_cpu_s "${files[@]}")")" \
        "$(best step_its_mean "${files[@]}")" "$(best step_its_max "${files[@]}")" \
        "$(best peak_rss_mib_max_rank "${files[@]}")" "$fails" | tee -a "$table"
    done
    if [ "$PROFILE" = 1 ]; then
      run "$np" "$logs/${c}_ohmcity_np${np}_logview.txt" "$bench_pf" -case "$m" -steps "$STEPS" -bench_amplitude "$amp" -oc_flow_tol "$TOL" -log_view || true
      run "$np" "$logs/${c}_ex-lu_np${np}_logview.txt" ./power_series -pfdata "$m" -steps "$STEPS" -bench_amplitude "$amp" -bench_inf_tol "$TOL" "${lu[@]}" -snes_converged_reason ::failed -log_view || true
    fi
  done
done
echo
echo "== Best of $REPEATS runs. Seconds, wall-clock unless _cpu (processor time of the slowest rank);"
echo "   step_ms/step_cpu: mean per warm-started step, ms; its: Newton iterations of the cold solve;"
echo "   its/st, max_it: mean and largest per step; rss_MiB: peak resident set of the largest rank;"
echo "   fail: runs (of $REPEATS) that did not converge or verify, left out of the figures."
cat "$table"
if [ "$ohmcity_failed" -gt 0 ]; then
  echo "pf_benchmark: $ohmcity_failed ohmcity run(s) failed" >&2
  exit 1
fi
