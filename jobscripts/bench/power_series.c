/*
  Copyright (c) 1991-2022, UChicago Argonne, LLC and the PETSc Development Team.
  All rights reserved. BSD-2-Clause:

  Redistribution and use in source and binary forms, with or without modification, are permitted
  provided that the following conditions are met:
  * Redistributions of source code must retain the above copyright notice, this list of
    conditions and the following disclaimer.
  * Redistributions in binary form must reproduce the above copyright notice, this list of
    conditions and the following disclaimer in the documentation and/or other materials provided
    with the distribution.

  THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
  IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
  FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
  CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
  CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
  SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
  THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR
  OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
  POSSIBILITY OF SUCH DAMAGE.

  MODIFIED for ohmcity's benchmark (jobscripts/bench/pf_benchmark.sh): a copy of PETSc 3.18's
  src/snes/tutorials/network/power/power.c. FormFunction and SetInitialValues are unchanged, and
  the program links the example's own PFReadData.c and pffunctions.c (residual, Jacobian,
  initial guess) unchanged. main() is the example's, with these changes only:
    - it times the data read, the set-up (network, vectors, matrix, SNES) and the first solve
      from the example's start (the case's voltages, generator set points): wall-clock time
      (PetscTime) and processor time (getrusage);
    - it then runs -steps N warm-started solves: before step k every load (P and Q) is set to
      its case value times 1 + a sin(2 pi k / period) (-bench_amplitude, -bench_period), and
      SNESSolve starts from the last solution;
    - -bench_inf_tol T replaces the SNES convergence test by ohmcity's (src/flow/flow.c):
      converged when the infinity norm of the residual (pu) is <= T, else up to max_it;
    - it checks every solve converged, that the series' last state equals the first solve's
      when it ends at scale 1, and prints the same "key value" lines as tests/bench/bench_pf.c
      (peak memory from getrusage).
  The options file "poweroptions" (the example's solver defaults) must be in the working
  directory, as for the example.
*/
static char help[] = "PETSc's DMNetwork power example, timed: one solve and a warm-started series with scaled loads.\n";

#include <sys/resource.h>
#include "power.h"
#include <petscdmnetwork.h>

PetscErrorCode FormFunction(SNES snes, Vec X, Vec F, void *appctx)
{
  DM              networkdm;
  UserCtx_Power  *User = (UserCtx_Power *)appctx;
  Vec             localX, localF;
  PetscInt        nv, ne;
  const PetscInt *vtx, *edges;

  PetscFunctionBegin;
  PetscCall(SNESGetDM(snes, &networkdm));
  PetscCall(DMGetLocalVector(networkdm, &localX));
  PetscCall(DMGetLocalVector(networkdm, &localF));
  PetscCall(VecSet(F, 0.0));
  PetscCall(VecSet(localF, 0.0));

  PetscCall(DMGlobalToLocalBegin(networkdm, X, INSERT_VALUES, localX));
  PetscCall(DMGlobalToLocalEnd(networkdm, X, INSERT_VALUES, localX));

  PetscCall(DMNetworkGetSubnetwork(networkdm, 0, &nv, &ne, &vtx, &edges));
  PetscCall(FormFunction_Power(networkdm, localX, localF, nv, ne, vtx, edges, User));

  PetscCall(DMRestoreLocalVector(networkdm, &localX));

  PetscCall(DMLocalToGlobalBegin(networkdm, localF, ADD_VALUES, F));
  PetscCall(DMLocalToGlobalEnd(networkdm, localF, ADD_VALUES, F));
  PetscCall(DMRestoreLocalVector(networkdm, &localF));
  PetscFunctionReturn(0);
}

PetscErrorCode SetInitialValues(DM networkdm, Vec X, void *appctx)
{
  PetscInt        vStart, vEnd, nv, ne;
  const PetscInt *vtx, *edges;
  Vec             localX;
  UserCtx_Power  *user_power = (UserCtx_Power *)appctx;

  PetscFunctionBegin;
  PetscCall(DMNetworkGetVertexRange(networkdm, &vStart, &vEnd));

  PetscCall(DMGetLocalVector(networkdm, &localX));

  PetscCall(VecSet(X, 0.0));
  PetscCall(DMGlobalToLocalBegin(networkdm, X, INSERT_VALUES, localX));
  PetscCall(DMGlobalToLocalEnd(networkdm, X, INSERT_VALUES, localX));

  PetscCall(DMNetworkGetSubnetwork(networkdm, 0, &nv, &ne, &vtx, &edges));
  PetscCall(SetInitialGuess_Power(networkdm, localX, nv, ne, vtx, edges, user_power));

  PetscCall(DMLocalToGlobalBegin(networkdm, localX, ADD_VALUES, X));
  PetscCall(DMLocalToGlobalEnd(networkdm, localX, ADD_VALUES, X));
  PetscCall(DMRestoreLocalVector(networkdm, &localX));
  PetscFunctionReturn(0);
}

/* ---- Added for the benchmark ---------------------------------------------------------- */

/* ohmcity's convergence test: the infinity norm of the residual against an absolute tolerance. */
static PetscErrorCode ConvergedInf(SNES snes, PetscInt it, PetscReal xnorm, PetscReal snorm, PetscReal fnorm, SNESConvergedReason *reason, void *ctx)
{
  PetscReal tol = *(PetscReal *)ctx, finf;
  Vec       F;
  PetscInt  max_it;

  PetscFunctionBegin;
  *reason = SNES_CONVERGED_ITERATING;
  PetscCall(SNESGetFunction(snes, &F, NULL, NULL));
  PetscCall(VecNorm(F, NORM_INFINITY, &finf));
  PetscCall(SNESGetTolerances(snes, NULL, NULL, NULL, &max_it, NULL));
  if (PetscIsInfOrNanReal(fnorm)) *reason = SNES_DIVERGED_FNORM_NAN;
  else if (finf <= tol) *reason = SNES_CONVERGED_FNORM_ABS;
  else if (it >= max_it) *reason = SNES_DIVERGED_MAX_IT;
  PetscFunctionReturn(0);
}

/* The loads this rank owns, with their case values, so that each step can scale them. */
typedef struct {
  PetscInt     n;
  LOAD        *load;
  PetscScalar *pl, *ql;
} LoadSet;

static PetscErrorCode LoadSetCreate(DM networkdm, const UserCtx_Power *User, LoadSet *ls)
{
  PetscInt  vStart, vEnd, nc, key, pass;
  PetscBool ghost;
  void     *comp;

  PetscFunctionBegin;
  PetscCall(DMNetworkGetVertexRange(networkdm, &vStart, &vEnd));
  ls->n = 0;
  for (pass = 0; pass < 2; pass++) {
    PetscInt n = 0;
    for (PetscInt v = vStart; v < vEnd; v++) {
      PetscCall(DMNetworkIsGhostVertex(networkdm, v, &ghost));
      if (ghost) continue;
      PetscCall(DMNetworkGetNumComponents(networkdm, v, &nc));
      for (PetscInt j = 0; j < nc; j++) {
        PetscCall(DMNetworkGetComponent(networkdm, v, j, &key, &comp, NULL));
        if (key != User->compkey_load) continue;
        if (pass) {
          ls->load[n] = (LOAD)comp;
          ls->pl[n]   = ls->load[n]->pl;
          ls->ql[n]   = ls->load[n]->ql;
        }
        n++;
      }
    }
    if (!pass) {
      ls->n = n;
      PetscCall(PetscMalloc3(n, &ls->load, n, &ls->pl, n, &ls->ql));
    }
  }
  PetscFunctionReturn(0);
}

static void LoadSetScale(LoadSet *ls, PetscReal s)
{
  for (PetscInt i = 0; i < ls->n; i++) {
    ls->load[i]->pl = ls->pl[i] * s;
    ls->load[i]->ql = ls->ql[i] * s;
  }
}

static PetscErrorCode LoadSetDestroy(LoadSet *ls)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(ls->load, ls->pl, ls->ql));
  PetscFunctionReturn(0);
}

/* Wall-clock (PetscTime) and processor (getrusage: user + system) time, as bench_pf.c. */
typedef struct {
  PetscLogDouble wall, cpu;
} BenchClock;

static PetscErrorCode CpuSeconds(PetscLogDouble *s)
{
  struct rusage ru;

  PetscFunctionBegin;
  PetscCheck(getrusage(RUSAGE_SELF, &ru) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "getrusage failed");
  *s = (PetscLogDouble)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * (PetscLogDouble)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  PetscFunctionReturn(0);
}

static PetscErrorCode ClockStart(BenchClock *c)
{
  PetscFunctionBegin;
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(PetscTime(&c->wall));
  PetscCall(CpuSeconds(&c->cpu));
  PetscFunctionReturn(0);
}

/* Seconds since the clock started, the slowest rank's: s[0] wall-clock, s[1] processor. */
static PetscErrorCode ClockRead(const BenchClock *c, PetscReal s[2])
{
  BenchClock now;

  PetscFunctionBegin;
  PetscCall(PetscTime(&now.wall));
  PetscCall(CpuSeconds(&now.cpu));
  s[0] = (PetscReal)(now.wall - c->wall);
  s[1] = (PetscReal)(now.cpu - c->cpu);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, s, 2, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintTimes(const char *key, const PetscReal s[2])
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s_s %.6f\n%s_cpu_s %.6f\n", key, (double)s[0], key, (double)s[1]));
  PetscFunctionReturn(0);
}

static PetscErrorCode SolveChecked(SNES snes, Vec X, PetscInt step, PetscInt *its)
{
  SNESConvergedReason reason;

  PetscFunctionBegin;
  PetscCall(SNESSolve(snes, NULL, X));
  PetscCall(SNESGetConvergedReason(snes, &reason));
  PetscCall(SNESGetIterationNumber(snes, its));
  PetscCheck(reason > 0, PETSC_COMM_WORLD, PETSC_ERR_NOT_CONVERGED, "verification: FAILED: step %" PetscInt_FMT " did not converge (%s after %" PetscInt_FMT " iterations)", step, SNESConvergedReasons[reason], *its);
  PetscFunctionReturn(0);
}

/* Lowest and highest voltage magnitude, with bus numbers, over all ranks. */
static PetscErrorCode ViewVoltageRange(DM networkdm, Vec X, const UserCtx_Power *User)
{
  PetscInt           vStart, vEnd, nc, key, off;
  PetscBool          ghost;
  void              *comp;
  Vec                lx;
  const PetscScalar *x;
  struct {
    double v;
    int    bus;
  } lo = {PETSC_MAX_REAL, -1}, hi = {-PETSC_MAX_REAL, -1};

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(networkdm, &lx));
  PetscCall(DMGlobalToLocal(networkdm, X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  PetscCall(DMNetworkGetVertexRange(networkdm, &vStart, &vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscCall(DMNetworkIsGhostVertex(networkdm, v, &ghost));
    if (ghost) continue;
    PetscCall(DMNetworkGetNumComponents(networkdm, v, &nc));
    for (PetscInt j = 0; j < nc; j++) {
      PetscCall(DMNetworkGetComponent(networkdm, v, j, &key, &comp, NULL));
      if (key != User->compkey_bus) continue;
      PetscCall(DMNetworkGetLocalVecOffset(networkdm, v, ALL_COMPONENTS, &off));
      if (x[off + 1] < lo.v) {
        lo.v   = (double)x[off + 1];
        lo.bus = (int)((VERTEX_Power)comp)->bus_i;
      }
      if (x[off + 1] > hi.v) {
        hi.v   = (double)x[off + 1];
        hi.bus = (int)((VERTEX_Power)comp)->bus_i;
      }
    }
  }
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(DMRestoreLocalVector(networkdm, &lx));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &lo, 1, MPI_DOUBLE_INT, MPI_MINLOC, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &hi, 1, MPI_DOUBLE_INT, MPI_MAXLOC, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "cold_vm_min_pu %.6f\ncold_vm_min_bus %d\ncold_vm_max_pu %.6f\ncold_vm_max_bus %d\n", lo.v, lo.bus, hi.v, hi.bus));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReportMemory(void)
{
  struct rusage ru;
  PetscReal     mib[2];

  PetscFunctionBegin;
  PetscCheck(getrusage(RUSAGE_SELF, &ru) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "getrusage failed");
  mib[0] = mib[1] = (PetscReal)ru.ru_maxrss / 1024; /* KiB on Linux */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &mib[0], 1, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &mib[1], 1, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "peak_rss_mib_max_rank %.1f\npeak_rss_mib_sum %.1f\n", (double)mib[0], (double)mib[1]));
  PetscFunctionReturn(0);
}

/* ---- main: the example's, timed, with the series added ------------------------------- */

int main(int argc, char **argv)
{
  char           pfdata_file[PETSC_MAX_PATH_LEN] = "case9.m";
  PFDATA        *pfdata                          = NULL;
  PetscInt       numEdges                        = 0;
  PetscInt      *edges                           = NULL;
  PetscInt       i;
  DM             networkdm;
  UserCtx_Power  User;
  PetscLogStage  stage1, stage2, stage3, stage4;
  PetscMPIInt    rank, size;
  PetscInt       eStart, eEnd, vStart, vEnd, j;
  PetscInt       genj, loadj;
  Vec            X, F, X0;
  Mat            J;
  SNES           snes;
  PetscInt       steps = 1000, period = 100, its, its_total = 0, its_min = PETSC_MAX_INT, its_max = 0, nbus = 0, nbranch = 0;
  PetscReal      amplitude = 0.02, inf_tol = 0, t_read[2], t_setup[2], t_cold[2], t_series[2], t_mean[2], step_max = 0, dvm;
  PetscBool      use_inf_tol;
  BenchClock     clk;
  PetscLogDouble ts, te;
  LoadSet        loads;

  PetscFunctionBeginUser;
  PetscCall(PetscInitialize(&argc, &argv, "poweroptions", help));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-steps", &steps, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-bench_period", &period, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-bench_amplitude", &amplitude, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-bench_inf_tol", &inf_tol, &use_inf_tol));
  PetscCheck(steps >= 0 && period > 0, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-steps must be >= 0 and -bench_period > 0");

  /* Create an empty network object */
  PetscCall(DMNetworkCreate(PETSC_COMM_WORLD, &networkdm));
  /* Register the components in the network */
  PetscCall(DMNetworkRegisterComponent(networkdm, "branchstruct", sizeof(struct _p_EDGE_Power), &User.compkey_branch));
  PetscCall(DMNetworkRegisterComponent(networkdm, "busstruct", sizeof(struct _p_VERTEX_Power), &User.compkey_bus));
  PetscCall(DMNetworkRegisterComponent(networkdm, "genstruct", sizeof(struct _p_GEN), &User.compkey_gen));
  PetscCall(DMNetworkRegisterComponent(networkdm, "loadstruct", sizeof(struct _p_LOAD), &User.compkey_load));

  PetscCall(PetscLogStageRegister("Read Data", &stage1));
  PetscLogStagePush(stage1);
  PetscCall(ClockStart(&clk));
  /* Only rank 0 reads the data */
  if (!rank) {
    PetscCall(PetscOptionsGetString(NULL, NULL, "-pfdata", pfdata_file, sizeof(pfdata_file), NULL));
    PetscCall(PetscNew(&pfdata));
    PetscCall(PFReadMatPowerData(pfdata, pfdata_file));
    User.Sbase = pfdata->sbase;
    nbus       = pfdata->nbus;
    nbranch    = pfdata->nbranch;

    numEdges = pfdata->nbranch;
    PetscCall(PetscMalloc1(2 * numEdges, &edges));
    PetscCall(GetListofEdges_Power(pfdata, edges));
  }
  PetscCall(ClockRead(&clk, t_read));

  /* If external option activated. Introduce error in jacobian */
  PetscCall(PetscOptionsHasName(NULL, NULL, "-jac_error", &User.jac_error));

  PetscLogStagePop();
  PetscCall(PetscLogStageRegister("Create network", &stage2));
  PetscLogStagePush(stage2);
  PetscCall(ClockStart(&clk));
  /* Set number of nodes/edges */
  PetscCall(DMNetworkSetNumSubNetworks(networkdm, PETSC_DECIDE, 1));
  PetscCall(DMNetworkAddSubnetwork(networkdm, "", numEdges, edges, NULL));

  /* Set up the network layout */
  PetscCall(DMNetworkLayoutSetUp(networkdm));

  if (!rank) PetscCall(PetscFree(edges));

  /* Add network components only process 0 has any data to add */
  if (!rank) {
    genj  = 0;
    loadj = 0;
    PetscCall(DMNetworkGetEdgeRange(networkdm, &eStart, &eEnd));
    for (i = eStart; i < eEnd; i++) PetscCall(DMNetworkAddComponent(networkdm, i, User.compkey_branch, &pfdata->branch[i - eStart], 0));
    PetscCall(DMNetworkGetVertexRange(networkdm, &vStart, &vEnd));
    for (i = vStart; i < vEnd; i++) {
      PetscCall(DMNetworkAddComponent(networkdm, i, User.compkey_bus, &pfdata->bus[i - vStart], 2));
      if (pfdata->bus[i - vStart].ngen) {
        for (j = 0; j < pfdata->bus[i - vStart].ngen; j++) PetscCall(DMNetworkAddComponent(networkdm, i, User.compkey_gen, &pfdata->gen[genj++], 0));
      }
      if (pfdata->bus[i - vStart].nload) {
        for (j = 0; j < pfdata->bus[i - vStart].nload; j++) PetscCall(DMNetworkAddComponent(networkdm, i, User.compkey_load, &pfdata->load[loadj++], 0));
      }
    }
  }

  /* Set up DM for use */
  PetscCall(DMSetUp(networkdm));

  if (!rank) {
    PetscCall(PetscFree(pfdata->bus));
    PetscCall(PetscFree(pfdata->gen));
    PetscCall(PetscFree(pfdata->branch));
    PetscCall(PetscFree(pfdata->load));
    PetscCall(PetscFree(pfdata));
  }

  /* Distribute networkdm to multiple processes */
  PetscCall(DMNetworkDistribute(&networkdm, 0));

  /* Broadcast Sbase to all processors */
  PetscCallMPI(MPI_Bcast(&User.Sbase, 1, MPIU_SCALAR, 0, PETSC_COMM_WORLD));

  PetscCall(DMCreateGlobalVector(networkdm, &X));
  PetscCall(VecDuplicate(X, &F));

  PetscCall(DMCreateMatrix(networkdm, &J));
  PetscCall(MatSetOption(J, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_FALSE));

  PetscCall(SetInitialValues(networkdm, X, &User));

  /* HOOK UP SOLVER */
  PetscCall(SNESCreate(PETSC_COMM_WORLD, &snes));
  PetscCall(SNESSetDM(snes, networkdm));
  PetscCall(SNESSetFunction(snes, F, FormFunction, &User));
  PetscCall(SNESSetJacobian(snes, J, J, FormJacobian_Power, &User));
  PetscCall(SNESSetFromOptions(snes));
  if (use_inf_tol) PetscCall(SNESSetConvergenceTest(snes, ConvergedInf, &inf_tol, NULL));
  PetscCall(LoadSetCreate(networkdm, &User, &loads));
  PetscCall(ClockRead(&clk, t_setup));
  PetscLogStagePop();

  PetscCallMPI(MPI_Bcast(&nbus, 1, MPIU_INT, 0, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Bcast(&nbranch, 1, MPIU_INT, 0, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "program petsc-power\ncase %s\nbuses %" PetscInt_FMT "\nbranches %" PetscInt_FMT "\nranks %d\n", pfdata_file, nbus, nbranch, size));
  if (use_inf_tol) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "tol_inf_pu %g\n", (double)inf_tol));
  PetscCall(PrintTimes("read", t_read));
  PetscCall(PrintTimes("setup", t_setup));

  PetscCall(PetscLogStageRegister("Cold solve", &stage3));
  PetscLogStagePush(stage3);
  PetscCall(ClockStart(&clk));
  PetscCall(SolveChecked(snes, X, 0, &its));
  PetscCall(ClockRead(&clk, t_cold));
  PetscLogStagePop();
  {
    PetscReal finf;
    PetscCall(VecNorm(F, NORM_INFINITY, &finf));
    PetscCall(PrintTimes("cold", t_cold));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "cold_its %" PetscInt_FMT "\ncold_residual_inf_pu %.2e\n", its, (double)finf));
  }
  PetscCall(ViewVoltageRange(networkdm, X, &User));
  PetscCall(VecDuplicate(X, &X0));
  PetscCall(VecCopy(X, X0));

  PetscCall(PetscLogStageRegister("Warm series", &stage4));
  PetscLogStagePush(stage4);
  PetscCall(ClockStart(&clk));
  for (PetscInt k = 1; k <= steps; k++) {
    PetscCall(PetscTime(&ts));
    LoadSetScale(&loads, 1 + amplitude * PetscSinReal(2 * PETSC_PI * (PetscReal)k / (PetscReal)period));
    PetscCall(SolveChecked(snes, X, k, &its));
    PetscCall(PetscTime(&te));
    step_max = PetscMax(step_max, (PetscReal)(te - ts));
    its_total += its;
    its_min = PetscMin(its_min, its);
    its_max = PetscMax(its_max, its);
  }
  PetscCall(ClockRead(&clk, t_series));
  PetscLogStagePop();
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &step_max, 1, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "steps %" PetscInt_FMT "\n", steps));
  if (steps > 0) {
    t_mean[0] = t_series[0] / steps;
    t_mean[1] = t_series[1] / steps;
    PetscCall(PrintTimes("series", t_series));
    PetscCall(PrintTimes("step_mean", t_mean));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "step_max_s %.6f\n", (double)step_max));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "step_its_total %" PetscInt_FMT "\nstep_its_mean %.3f\nstep_its_min %" PetscInt_FMT "\nstep_its_max %" PetscInt_FMT "\n", its_total, (double)its_total / steps, its_min, its_max));
    if (steps % period == 0) {
      /* Every unknown: angles (rad) and magnitudes (pu), a stricter check than magnitudes. */
      PetscCall(VecAXPY(X0, -1.0, X));
      PetscCall(VecNorm(X0, NORM_INFINITY, &dvm));
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "last_vs_cold_max_dx %.2e\n", (double)dvm));
      PetscCheck(dvm <= 1e-6, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "verification: FAILED: the series ends at scale 1 but its state differs from the first solve's by %g", (double)dvm);
    }
  }
  PetscCall(ReportMemory());
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "verification: PASSED\n"));

  PetscCall(LoadSetDestroy(&loads));
  PetscCall(VecDestroy(&X0));
  PetscCall(VecDestroy(&X));
  PetscCall(VecDestroy(&F));
  PetscCall(MatDestroy(&J));

  PetscCall(SNESDestroy(&snes));
  PetscCall(DMDestroy(&networkdm));
  PetscCall(PetscFinalize());
  return 0;
}
