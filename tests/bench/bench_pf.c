/* bench_pf: times ohmcity's AC power flow on one MATPOWER case -- network set-up, one cold
   solve (MATPOWER's start: the case's voltages and the generators' set points) and a series of
   warm-started steps, each with the loads scaled by 1 + a sin(2 pi k / period) and solved from
   the last solution. A benchmark, not a test: it checks its own answer (XSBench style) and
   prints "verification: PASSED" or fails.

     mpiexec -n N bench_pf -case CASE.m [-steps 1000] [-bench_amplitude 0.02]
                           [-bench_period 100] [-oc_flow_tol 1e-9] [-log_view]

   Checks: every solve converged; after the cold solve, and after the last step, generation
   minus losses equals the case's load times the scale to the mismatch the tolerance allows
   (conservation of power); when the series ends on a whole period (scale back to 1), the
   state (angles and magnitudes) equals the cold solve's to 1e-6.

   Output lines are "key value" pairs (jobscripts/bench/pf_benchmark.sh parses them); the
   PETSc example's driver (jobscripts/bench/power_series.c) prints the same keys. Times are
   seconds, the slowest rank's, from a barrier before each phase: wall-clock (KEY_s) and this
   process's processor time (KEY_cpu_s). Memory is the peak resident set (getrusage), the
   largest rank's and the sum over ranks. */
#include <sys/resource.h>
#include <ocflow.h>

static const char help[] = "Times ohmcity's AC power flow: set-up, a cold solve, a warm-started series.\n";

typedef struct {
  char      path[PETSC_MAX_PATH_LEN];
  PetscInt  steps, period;
  PetscReal amplitude;
} BenchOptions;

static PetscErrorCode get_options(MPI_Comm comm, BenchOptions *o)
{
  PetscBool flg;

  PetscFunctionBegin;
  o->steps     = 1000;
  o->period    = 100;
  o->amplitude = 0.02;
  PetscOptionsBegin(comm, NULL, "Power-flow benchmark", "bench_pf");
  PetscCall(PetscOptionsString("-case", "MATPOWER case file", "bench_pf", o->path, o->path, sizeof o->path, &flg));
  PetscCall(PetscOptionsInt("-steps", "Warm-started steps", "bench_pf", o->steps, &o->steps, NULL));
  PetscCall(PetscOptionsInt("-bench_period", "Steps per period of the load scale", "bench_pf", o->period, &o->period, NULL));
  PetscCall(PetscOptionsReal("-bench_amplitude", "Amplitude of the load scale's variation", "bench_pf", o->amplitude, &o->amplitude, NULL));
  PetscOptionsEnd();
  PetscCheck(flg, comm, PETSC_ERR_USER_INPUT, "bench_pf needs -case CASE.m");
  PetscCheck(o->steps >= 0 && o->period > 0, comm, PETSC_ERR_USER_INPUT, "-steps must be >= 0 and -bench_period > 0");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscReal load_scale(const BenchOptions *o, PetscInt k)
{
  return 1 + o->amplitude * PetscSinReal(2 * PETSC_PI * (PetscReal)k / (PetscReal)o->period);
}

/* Wall-clock (PetscTime) and processor (getrusage: user + system) time. On a shared machine
   other jobs inflate the wall clock; this process's processor time is a second opinion. */
typedef struct {
  PetscLogDouble wall, cpu;
} BenchClock;

static PetscErrorCode cpu_seconds(PetscLogDouble *s)
{
  struct rusage ru;

  PetscFunctionBegin;
  PetscCheck(getrusage(RUSAGE_SELF, &ru) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "getrusage failed");
  *s = (PetscLogDouble)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * (PetscLogDouble)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode clock_start(MPI_Comm comm, BenchClock *c)
{
  PetscFunctionBegin;
  PetscCallMPI(MPI_Barrier(comm));
  PetscCall(PetscTime(&c->wall));
  PetscCall(cpu_seconds(&c->cpu));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Seconds since the clock started, the slowest rank's: s[0] wall-clock, s[1] processor. */
static PetscErrorCode clock_read(MPI_Comm comm, const BenchClock *c, PetscReal s[2])
{
  BenchClock now;

  PetscFunctionBegin;
  PetscCall(PetscTime(&now.wall));
  PetscCall(cpu_seconds(&now.cpu));
  s[0] = (PetscReal)(now.wall - c->wall);
  s[1] = (PetscReal)(now.cpu - c->cpu);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, s, 2, MPIU_REAL, MPI_MAX, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode print_times(MPI_Comm comm, const char *key, const PetscReal s[2])
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(comm, "%s_s %.6f\n%s_cpu_s %.6f\n", key, (double)s[0], key, (double)s[1]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check_report(MPI_Comm comm, const OcFlowReport *r, PetscInt step)
{
  PetscFunctionBegin;
  PetscCheck(r->status == OC_FLOW_CONVERGED, comm, PETSC_ERR_NOT_CONVERGED, "verification: FAILED: step %" PetscInt_FMT " did not converge (%" PetscInt_FMT " iterations, residual %g pu)", step, r->iterations, (double)r->residual_pu);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Generation, losses and load at the last solution, as `ohmcity pf` reports them; checks that
   generation minus losses is the case's load times scale to what the tolerance allows: every
   PQ bus is balanced to tol pu, so the sum is off by at most nbus * tol * base. */
static PetscErrorCode check_balance(MPI_Comm comm, OcFlow flow, const OcMpCase *c, PetscReal scale, PetscReal tol, const char *what, PetscReal *vm, PetscReal *va)
{
  PetscReal    *p, *q, pd = 0, pg = 0, qg = 0, losses, load, bound = (PetscReal)c->nbus * tol * c->base_mva;
  OcFlowBalance bal;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(c->nbus, &p, c->nbus, &q));
  PetscCall(OcFlowGetAcGeneration(flow, p, q));
  PetscCall(OcFlowGetBalance(flow, &bal));
  PetscCall(OcFlowGetAcVoltages(flow, vm, va));
  for (PetscInt i = 0; i < c->nbus; i++) {
    pg += p[i];
    qg += q[i];
    if (c->bus[i].type != OC_BUS_ISOLATED) pd += c->bus[i].pd_mw;
  }
  losses = bal.ac_w / 1e6;
  load   = pg - losses;
  PetscCall(PetscPrintf(comm, "%s_generation_mw %.4f\n%s_generation_mvar %.4f\n%s_load_mw %.4f\n%s_losses_mw %.4f\n", what, (double)pg, what, (double)qg, what, (double)load, what, (double)losses));
  PetscCheck(PetscAbsReal(load - scale * pd) <= bound, comm, PETSC_ERR_PLIB, "verification: FAILED: %s: generation - losses = %.6f MW, but the case's load times %.6f is %.6f MW (allowed %.3g MW)", what, (double)load, (double)scale, (double)(scale * pd), (double)bound);
  PetscCall(PetscFree2(p, q));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* As `ohmcity pf` and the PETSc example's driver print it: a cross-check of the solutions. */
static PetscErrorCode view_voltage_range(MPI_Comm comm, const OcMpCase *c, const PetscReal *vm)
{
  PetscInt lo = 0, hi = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < c->nbus; i++) {
    if (vm[i] < vm[lo]) lo = i;
    if (vm[i] > vm[hi]) hi = i;
  }
  PetscCall(PetscPrintf(comm, "cold_vm_min_pu %.6f\ncold_vm_min_bus %" PetscInt_FMT "\ncold_vm_max_pu %.6f\ncold_vm_max_bus %" PetscInt_FMT "\n", (double)vm[lo], c->bus[lo].id, (double)vm[hi], c->bus[hi].id));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode report_memory(MPI_Comm comm)
{
  struct rusage ru;
  PetscReal     mib[2];

  PetscFunctionBegin;
  PetscCheck(getrusage(RUSAGE_SELF, &ru) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "getrusage failed");
  mib[0] = mib[1] = (PetscReal)ru.ru_maxrss / 1024; /* KiB on Linux */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &mib[0], 1, MPIU_REAL, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &mib[1], 1, MPIU_REAL, MPI_SUM, comm));
  PetscCall(PetscPrintf(comm, "peak_rss_mib_max_rank %.1f\npeak_rss_mib_sum %.1f\n", (double)mib[0], (double)mib[1]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The warm-started series: prints the time per step and the Newton iterations. */
static PetscErrorCode run_series(MPI_Comm comm, OcFlow flow, const BenchOptions *o)
{
  BenchClock     c;
  PetscLogDouble ts, te;
  PetscReal      total[2], mean[2], step_max = 0;
  PetscInt       its = 0, its_min = PETSC_MAX_INT, its_max = 0;
  OcFlowReport   r;

  PetscFunctionBegin;
  PetscCall(clock_start(comm, &c));
  for (PetscInt k = 1; k <= o->steps; k++) {
    PetscCall(PetscTime(&ts));
    PetscCall(OcFlowSetLoadScale(flow, load_scale(o, k)));
    PetscCall(OcFlowSolve(flow, &r));
    PetscCall(check_report(comm, &r, k));
    PetscCall(PetscTime(&te));
    step_max = PetscMax(step_max, (PetscReal)(te - ts));
    its += r.iterations;
    its_min = PetscMin(its_min, r.iterations);
    its_max = PetscMax(its_max, r.iterations);
  }
  PetscCall(clock_read(comm, &c, total));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &step_max, 1, MPIU_REAL, MPI_MAX, comm));
  PetscCall(PetscPrintf(comm, "steps %" PetscInt_FMT "\n", o->steps));
  if (o->steps == 0) PetscFunctionReturn(PETSC_SUCCESS);
  mean[0] = total[0] / o->steps;
  mean[1] = total[1] / o->steps;
  PetscCall(print_times(comm, "series", total));
  PetscCall(print_times(comm, "step_mean", mean));
  PetscCall(PetscPrintf(comm, "step_max_s %.6f\n", (double)step_max));
  PetscCall(PetscPrintf(comm, "step_its_total %" PetscInt_FMT "\nstep_its_mean %.3f\nstep_its_min %" PetscInt_FMT "\nstep_its_max %" PetscInt_FMT "\n", its, (double)its / o->steps, its_min, its_max));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode bench(MPI_Comm comm, const BenchOptions *o)
{
  OcScenario            sc;
  const OcScenarioData *d;
  OcNet                 net  = NULL;
  OcFlow                flow = NULL;
  OcFlowReport          r;
  BenchClock            c;
  PetscLogStage         stage[3];
  PetscReal             t[2], tol = 1e-9, *vm0, *va0, *vm, *va, dx = 0;
  PetscMPIInt           size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-oc_flow_tol", &tol, NULL));
  PetscCall(PetscLogStageRegister("Set up", &stage[0]));
  PetscCall(PetscLogStageRegister("Cold solve", &stage[1]));
  PetscCall(PetscLogStageRegister("Warm series", &stage[2]));

  PetscCall(PetscLogStagePush(stage[0]));
  PetscCall(clock_start(comm, &c));
  PetscCall(OcScenarioCreate(comm, &sc));
  PetscCall(OcScenarioLoadCase(sc, o->path));
  PetscCall(clock_read(comm, &c, t));
  PetscCall(OcScenarioGetData(sc, &d));
  PetscCall(PetscPrintf(comm, "program ohmcity\ncase %s\nbuses %" PetscInt_FMT "\nbranches %" PetscInt_FMT "\nranks %d\ntol_inf_pu %g\n", d->ac.name, d->ac.nbus, d->ac.nbranch, size, (double)tol));
  PetscCall(print_times(comm, "read", t));
  PetscCall(clock_start(comm, &c));
  PetscCall(OcNetCreate(comm, &net));
  PetscCall(OcNetSetScenario(net, d));
  PetscCall(OcNetSetFromOptions(net));
  PetscCall(OcNetSetUp(net));
  PetscCall(OcFlowCreate(net, &flow));
  PetscCall(OcFlowSetFromOptions(flow));
  PetscCall(OcFlowSetUp(flow));
  PetscCall(clock_read(comm, &c, t));
  PetscCall(PetscLogStagePop());
  PetscCall(print_times(comm, "setup", t));

  PetscCall(PetscLogStagePush(stage[1]));
  PetscCall(clock_start(comm, &c));
  PetscCall(OcFlowSolve(flow, &r));
  PetscCall(clock_read(comm, &c, t));
  PetscCall(PetscLogStagePop());
  PetscCall(check_report(comm, &r, 0));
  PetscCall(print_times(comm, "cold", t));
  PetscCall(PetscPrintf(comm, "cold_its %" PetscInt_FMT "\ncold_residual_inf_pu %.2e\n", r.iterations, (double)r.residual_pu));
  PetscCall(PetscMalloc4(d->ac.nbus, &vm0, d->ac.nbus, &va0, d->ac.nbus, &vm, d->ac.nbus, &va));
  PetscCall(check_balance(comm, flow, &d->ac, 1.0, tol, "cold", vm0, va0));
  PetscCall(view_voltage_range(comm, &d->ac, vm0));

  PetscCall(PetscLogStagePush(stage[2]));
  PetscCall(run_series(comm, flow, o));
  PetscCall(PetscLogStagePop());
  if (o->steps > 0) {
    PetscCall(check_balance(comm, flow, &d->ac, load_scale(o, o->steps), tol, "last", vm, va));
    if (o->steps % o->period == 0) {
      /* Every unknown, angles in rad and magnitudes in pu, as the PETSc example's driver. */
      for (PetscInt i = 0; i < d->ac.nbus; i++) dx = PetscMax(dx, PetscMax(PetscAbsReal(vm[i] - vm0[i]), PetscAbsReal(va[i] - va0[i]) * PETSC_PI / 180));
      PetscCall(PetscPrintf(comm, "last_vs_cold_max_dx %.2e\n", (double)dx));
      PetscCheck(dx <= 1e-6, comm, PETSC_ERR_PLIB, "verification: FAILED: the series ends at scale 1 but its state differs from the cold solve's by %g", (double)dx);
    }
  }
  PetscCall(report_memory(comm));
  PetscCall(PetscPrintf(comm, "verification: PASSED\n"));
  PetscCall(PetscFree4(vm0, va0, vm, va));
  PetscCall(OcFlowDestroy(&flow));
  PetscCall(OcNetDestroy(&net));
  PetscCall(OcScenarioRestoreData(sc, &d));
  PetscCall(OcScenarioDestroy(&sc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  BenchOptions o;

  PetscCall(PetscInitialize(&argc, &argv, NULL, help));
  PetscCall(get_options(PETSC_COMM_WORLD, &o));
  PetscCall(bench(PETSC_COMM_WORLD, &o));
  PetscCall(PetscFinalize());
  return 0;
}
