#include "flow_impl.h"

PetscErrorCode OcFlowCreate(OcNet net, OcFlow *flow)
{
  OcFlow f;
  DM     dm;

  PetscFunctionBegin;
  PetscCall(PetscNew(&f));
  PetscCall(OcNetGetDM(net, &dm));
  PetscCall(PetscObjectGetComm((PetscObject)dm, &f->comm));
  f->net          = net;
  f->dm           = dm;
  f->tol          = 1e-9;
  f->load_scale   = 1.0;
  f->fail_section = -1;
  f->fail_vehicle = -1;
  PetscCall(OcNetGetKeys(net, &f->keys));
  PetscCall(OcNetGetScenario(net, &f->sc));
  PetscCall(OcNetGetBaseMVA(net, &f->base_w));
  f->base_w *= 1e6;
  PetscCall(SNESCreate(f->comm, &f->snes));
  PetscCall(SNESSetOptionsPrefix(f->snes, "oc_flow_"));
  *flow = f;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Direct solves are the robust default for power-flow matrices, with AMD ordering (measured
   much faster than PETSc's default nested dissection on grid matrices). On several ranks a
   city-sized system (below OC_FLOW_REDUNDANT_MAX unknowns) is factored redundantly: every rank
   solves the whole small system, which on the test city was 3.5x faster a step than MUMPS on
   2 ranks (the matrix is small; MUMPS's set-up and messages dominate). Larger grids use MUMPS.
   All of it can be changed with -oc_flow_ksp_* / -oc_flow_pc_*. */
#define OC_FLOW_REDUNDANT_MAX 10000

PetscErrorCode OcFlowSetSolverDefaults(OcFlow f)
{
  KSP         ksp, inner;
  PC          pc, inner_pc;
  PetscMPIInt size;
  PetscInt    n;
  Vec         x;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(f->comm, &size));
  PetscCall(DMGetGlobalVector(f->dm, &x));
  PetscCall(VecGetSize(x, &n));
  PetscCall(DMRestoreGlobalVector(f->dm, &x));
  PetscCall(SNESGetKSP(f->snes, &ksp));
  PetscCall(KSPSetType(ksp, KSPPREONLY));
  PetscCall(KSPGetPC(ksp, &pc));
  if (size > 1 && n <= OC_FLOW_REDUNDANT_MAX) {
    PetscCall(PCSetType(pc, PCREDUNDANT));
    PetscCall(PCRedundantGetKSP(pc, &inner));
    PetscCall(KSPGetPC(inner, &inner_pc));
    PetscCall(PCSetType(inner_pc, PCLU));
    PetscCall(PCFactorSetMatOrderingType(inner_pc, MATORDERINGAMD));
  } else {
    PetscCall(PCSetType(pc, PCLU));
    if (size > 1) PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
    else PetscCall(PCFactorSetMatOrderingType(pc, MATORDERINGAMD));
  }
  PetscCall(SNESSetTolerances(f->snes, 0, 0, 0, 50, PETSC_DEFAULT));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowSetFromOptions(OcFlow f)
{
  PetscFunctionBegin;
  PetscCall(OcFlowSetSolverDefaults(f));
  PetscOptionsBegin(f->comm, NULL, "Coupled AC/DC power flow", "OcFlow");
  PetscCall(PetscOptionsReal("-oc_flow_tol", "Converged when the largest residual is below this (pu of the base power)", "OcFlowSetFromOptions", f->tol, &f->tol, NULL));
  PetscCall(PetscOptionsReal("-oc_flow_load_scale", "Factor on every AC load", "OcFlowSetLoadScale", f->load_scale, &f->load_scale, NULL));
  PetscOptionsEnd();
  PetscCheck(f->tol > 0, f->comm, PETSC_ERR_USER_INPUT, "-oc_flow_tol must be > 0, got %g", (double)f->tol);
  PetscCall(SNESSetFromOptions(f->snes));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Converged in physical terms: every bus and node balanced to tol (pu of the base power). */
static PetscErrorCode converged(SNES snes, PetscInt it, PetscReal xnorm, PetscReal snorm, PetscReal fnorm, SNESConvergedReason *reason, void *ctx)
{
  OcFlow    f = (OcFlow)ctx;
  Vec       F;
  PetscReal finf;
  PetscInt  max_it;

  PetscFunctionBegin;
  *reason = SNES_CONVERGED_ITERATING;
  PetscCall(SNESGetFunction(snes, &F, NULL, NULL));
  PetscCall(VecNorm(F, NORM_INFINITY, &finf));
  PetscCall(SNESGetTolerances(snes, NULL, NULL, NULL, &max_it, NULL));
  if (PetscIsInfOrNanReal(fnorm)) *reason = SNES_DIVERGED_FNORM_NAN;
  else if (finf <= f->tol) *reason = SNES_CONVERGED_FNORM_ABS;
  else if (it >= max_it) *reason = SNES_DIVERGED_MAX_IT;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowSetUp(OcFlow f)
{
  PetscFunctionBegin;
  PetscCall(DMNetworkGetEdgeRange(f->dm, &f->eStart, &f->eEnd));
  PetscCall(PetscCalloc1(f->eEnd - f->eStart + 1, &f->veh_start));
  PetscCall(DMCreateGlobalVector(f->dm, &f->X));
  PetscCall(VecDuplicate(f->X, &f->F));
  PetscCall(DMCreateMatrix(f->dm, &f->J));
  PetscCall(SNESSetDM(f->snes, f->dm));
  PetscCall(SNESSetFunction(f->snes, f->F, OcFlowFormFunction, f));
  PetscCall(SNESSetJacobian(f->snes, f->J, f->J, OcFlowFormJacobian, f));
  PetscCall(SNESSetConvergenceTest(f->snes, converged, f, NULL));
  PetscCall(OcFlowPlanBuild(f));
  PetscCall(PetscCalloc2(f->plan.nbus, &f->extra_p, f->plan.nbus, &f->extra_q));
  PetscCall(OcFlowSetInitialGuess(f));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowSetTime(OcFlow f, PetscReal t_s)
{
  PetscFunctionBegin;
  f->t_s = t_s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowSetLoadScale(OcFlow f, PetscReal scale)
{
  PetscFunctionBegin;
  PetscCheck(scale >= 0, f->comm, PETSC_ERR_USER_INPUT, "the load scale must be >= 0, got %g", (double)scale);
  f->load_scale = scale;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowGetSNES(OcFlow f, SNES *snes)
{
  PetscFunctionBegin;
  *snes = f->snes;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowDestroy(OcFlow *flow)
{
  OcFlow f = *flow;

  PetscFunctionBegin;
  if (!f) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(SNESDestroy(&f->snes));
  PetscCall(VecDestroy(&f->X));
  PetscCall(VecDestroy(&f->F));
  PetscCall(MatDestroy(&f->J));
  PetscCall(PetscFree(f->veh_start));
  PetscCall(OcFlowPlanDestroy(&f->plan));
  PetscCall(PetscFree2(f->extra_p, f->extra_q));
  PetscCall(PetscSFDestroy(&f->load_sf));
  PetscCall(PetscFree7(f->veh_id, f->veh_s, f->veh_p, f->veh_u, f->veh_par, f->veh_eval, f->veh_state));
  PetscCall(PetscFree(f->work));
  PetscCall(PetscFree(*flow));
  PetscFunctionReturn(PETSC_SUCCESS);
}
